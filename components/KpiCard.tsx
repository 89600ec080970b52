/** A headline figure with what it means; hidden figures show why. */
export function KpiCard({
  title,
  value,
  detail,
  means,
  hidden,
  testId,
}: {
  title: string;
  /** The figure as text, or null when hidden. */
  value: string | null;
  /** Denominator, target, or other context. */
  detail?: string | null;
  /** "What does this mean": one plain sentence. */
  means: string;
  /** Why the figure is hidden, when it is. */
  hidden?: string | null;
  testId?: string;
}) {
  return (
    <div className="card kpi" data-testid={testId}>
      <h3>{title}</h3>
      {value !== null ? (
        <p className="big">{value}</p>
      ) : (
        <p className="big muted" data-hidden="true">
          {hidden}
        </p>
      )}
      {detail && <p className="small">{detail}</p>}
      <p className="muted small">{means}</p>
    </div>
  );
}
