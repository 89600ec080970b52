import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "react";

// The only place that touches chart.js: register just the parts in use, keep the bundle small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** A bar chart with an accessible name and a text fallback listing every value. */
export function BarChart({
  labels,
  values,
  label,
  format,
  hiddenText = "hidden",
  height = 140,
}: {
  labels: readonly string[];
  /** One value per label; null for a value that is hidden, drawn as a gap rather than as 0. */
  values: readonly (number | null)[];
  /** What the chart shows; it is the canvas's accessible name. */
  label: string;
  /** How a value reads in the tooltip and the fallback. */
  format: (value: number) => string;
  /** How a hidden value reads in the tooltip and the fallback. */
  hiddenText?: string;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"bar", (number | null)[], string> | null>(null);
  // Pages pass new arrays and functions on every render: the chart reads the latest functions
  // through refs, and is made once and updated only when what it shows changes.
  const text = (value: number | null) => (value === null ? hiddenText : format(value));
  const textRef = useRef(text);
  textRef.current = text;
  const contents = JSON.stringify([labels, values, label]);
  // What the chart was last drawn with: made with the first contents, it is not drawn again for them.
  const drawn = useRef<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: made once, with the first contents; later ones go through the update below.
  useEffect(() => {
    if (!canvas.current) return;
    // The page's colours reach the canvas through inheritance; a component reads no global document.
    const style = getComputedStyle(canvas.current);
    const accent = style.getPropertyValue("--accent").trim() || "#0b5cad";
    const muted = style.getPropertyValue("--muted").trim() || "#57606a";
    const line = style.getPropertyValue("--line").trim() || "#d0d7de";
    const made = new Chart<"bar", (number | null)[], string>(canvas.current, {
      type: "bar",
      // Made with what it shows: one layout and drawing, not a second one for the same values (issue 16).
      data: { labels: [...labels], datasets: [{ label, data: [...values], backgroundColor: accent, borderRadius: 3 }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        // The whole column answers, so a hidden value (no bar) still has its tooltip.
        interaction: { mode: "index", intersect: false },
        plugins: {
          tooltip: { callbacks: { label: (item) => textRef.current(item.raw === null ? null : Number(item.raw)) } },
        },
        scales: {
          x: { ticks: { color: muted }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { color: muted, precision: 0 }, grid: { color: line } },
        },
      },
    });
    chart.current = made;
    drawn.current = contents;
    return () => {
      made.destroy();
      chart.current = null;
      drawn.current = null;
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `contents` stands for labels, values and label, compared by value.
  useEffect(() => {
    const current = chart.current;
    if (!current || drawn.current === contents) return;
    drawn.current = contents;
    current.data.labels = [...labels];
    const dataset = current.data.datasets[0];
    if (dataset) {
      dataset.label = label;
      dataset.data = [...values];
    }
    current.update();
  }, [contents]);

  return (
    <div style={{ position: "relative", height }}>
      <canvas ref={canvas} role="img" aria-label={label}>
        {labels.map((name, i) => `${name}: ${text(values[i] ?? null)}`).join(", ")}
      </canvas>
    </div>
  );
}
