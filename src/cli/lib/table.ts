/** Rows as columns aligned on their widest cell, for a terminal. */
export function textTable(head: readonly string[], body: ReadonlyArray<readonly string[]>): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  return [head, ...body]
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
