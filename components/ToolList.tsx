/** A tool as shown to people. */
export interface ToolLabel {
  id: string;
  name: string;
}

/** The tools being tracked, as a compact list. */
export function ToolList({ tools, label }: { tools: readonly ToolLabel[]; label: string }) {
  return (
    <ul className="plain tool-list" aria-label={label}>
      {tools.map((tool) => (
        <li key={tool.id} data-tool-id={tool.id}>
          {tool.name}
        </li>
      ))}
    </ul>
  );
}
