import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  LinearScale,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "react";

// The only place that touches chart.js: register just the parts in use, keep the bundle small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

type Bars = Chart<"bar", (number | null)[], string>;

/** The colours a chart is drawn in. */
interface ChartColours {
  accent: string;
  muted: string;
  line: string;
}

/** The light theme's colours, for a canvas that inherits none. */
const THEME_FALLBACK: ChartColours = { accent: "#0b5cad", muted: "#57606a", line: "#d0d7de" };

/** A bar chart's configuration: the one the page shows, and the one it warms up with. */
function barConfig(
  labels: readonly string[],
  values: readonly (number | null)[],
  label: string,
  colours: ChartColours,
  text: (value: number | null) => string,
  responsive: boolean,
): ChartConfiguration<"bar", (number | null)[], string> {
  return {
    type: "bar",
    // Made with what it shows: one layout and drawing, not a second one for the same values (issue 16).
    data: {
      labels: [...labels],
      datasets: [{ label, data: [...values], backgroundColor: colours.accent, borderRadius: 3 }],
    },
    options: {
      animation: false,
      responsive,
      maintainAspectRatio: false,
      // The whole column answers, so a hidden value (no bar) still has its tooltip.
      interaction: { mode: "index", intersect: false },
      plugins: {
        tooltip: { callbacks: { label: (item) => text(item.raw === null ? null : Number(item.raw)) } },
      },
      scales: {
        x: { ticks: { color: colours.muted }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { color: colours.muted, precision: 0 }, grid: { color: colours.line } },
      },
    },
  };
}

/**
 * Makes one chart on `canvas`, one that is never shown, and drops it. A page's first chart also
 * compiles most of the chart code: after a 10,000-report import that first chart took one task
 * of 25–65 ms, the next ones 5–15 ms (issue 16: no task over 50 ms). Run while the page waits,
 * it leaves every chart the page shows as cheap as those.
 */
export function warmUpCharts(canvas: HTMLCanvasElement): void {
  canvas.width = 300;
  canvas.height = 140;
  const values = [3, null, 5, 8, 2, 0, 7, 4, 6];
  const labels = values.map((_, i) => `W${i + 1}`);
  new Chart(canvas, barConfig(labels, values, "warm-up", THEME_FALLBACK, String, false)).destroy();
}

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
  const chart = useRef<Bars | null>(null);
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
    const accent = style.getPropertyValue("--accent").trim() || THEME_FALLBACK.accent;
    const muted = style.getPropertyValue("--muted").trim() || THEME_FALLBACK.muted;
    const line = style.getPropertyValue("--line").trim() || THEME_FALLBACK.line;
    const made: Bars = new Chart(
      canvas.current,
      barConfig(labels, values, label, { accent, muted, line }, (value) => textRef.current(value), true),
    );
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
