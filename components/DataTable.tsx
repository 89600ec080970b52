import type { ReactNode } from "react";

/** One column of a DataTable. */
export interface Column<Row> {
  header: ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  cell: (row: Row) => ReactNode;
}

/**
 * A table whose first column heads each row. Tables are how every figure is also available
 * as text, next to the charts.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  captionHidden,
  testId,
  rowData,
}: {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  caption?: string;
  /** Keep the caption for screen readers only. */
  captionHidden?: boolean;
  testId?: string;
  /** data-* attributes per row, for tests and styling. */
  rowData?: (row: Row) => Record<`data-${string}`, string>;
}) {
  const [head, ...rest] = columns;
  const numeric = (column: Column<Row>) => (column.numeric ? "num" : undefined);
  return (
    <table data-testid={testId}>
      {caption && <caption className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table.
            <th key={i} scope="col" className={numeric(column)}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...rowData?.(row)}>
            {head && <th scope="row">{head.cell(row)}</th>}
            {rest.map((column, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table.
              <td key={i} className={numeric(column)}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
