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
  height = 140,
}: {
  labels: readonly string[];
  values: readonly number[];
  /** What the chart shows; it is the canvas's accessible name. */
  label: string;
  /** How a value reads in the tooltip and the fallback. */
  format: (value: number) => string;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const style = getComputedStyle(document.documentElement);
    const accent = style.getPropertyValue("--accent").trim() || "#0b5cad";
    const muted = style.getPropertyValue("--muted").trim() || "#57606a";
    const line = style.getPropertyValue("--line").trim() || "#d0d7de";
    const chart = new Chart(canvas.current, {
      type: "bar",
      data: { labels: [...labels], datasets: [{ label, data: [...values], backgroundColor: accent, borderRadius: 3 }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { tooltip: { callbacks: { label: (item) => format(Number(item.raw)) } } },
        scales: {
          x: { ticks: { color: muted }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { color: muted, precision: 0 }, grid: { color: line } },
        },
      },
    });
    return () => chart.destroy();
  }, [labels, values, label, format]);

  return (
    <div style={{ position: "relative", height }}>
      <canvas ref={canvas} role="img" aria-label={label}>
        {labels.map((name, i) => `${name}: ${format(values[i] ?? 0)}`).join(", ")}
      </canvas>
    </div>
  );
}
