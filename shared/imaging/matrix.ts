/**
 * A dense real matrix, row-major: element (i, j) is `data[i * cols + j]`.
 * Time series are columns of a design matrix: rows are time points (scans).
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const nRows = rows.length;
  const nCols = nRows === 0 ? 0 : rows[0].length;
  const m = zeros(nRows, nCols);
  rows.forEach((row, i) => {
    if (row.length !== nCols) throw new Error(`fromRows: row ${i} has ${row.length} values, expected ${nCols}`);
    m.data.set(row, i * nCols);
  });
  return m;
}

export function fromColumns(columns: readonly ArrayLike<number>[], rows?: number): Matrix {
  const nRows = rows ?? (columns.length === 0 ? 0 : columns[0].length);
  const m = zeros(nRows, columns.length);
  columns.forEach((col, j) => {
    if (col.length !== nRows) throw new Error(`fromColumns: column ${j} has ${col.length} values, expected ${nRows}`);
    for (let i = 0; i < nRows; i++) m.data[i * m.cols + j] = col[i];
  });
  return m;
}

export function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j];
  return out;
}

export function get(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

/** Columns of `a` followed by the columns of `b` (same number of rows). */
export function hconcat(...parts: Matrix[]): Matrix {
  const nonEmpty = parts.filter((p) => p.cols > 0);
  if (nonEmpty.length === 0) return zeros(parts[0]?.rows ?? 0, 0);
  const rows = nonEmpty[0].rows;
  const cols = nonEmpty.reduce((s, p) => s + p.cols, 0);
  const out = zeros(rows, cols);
  let offset = 0;
  for (const p of nonEmpty) {
    if (p.rows !== rows) throw new Error(`hconcat: ${p.rows} rows, expected ${rows}`);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < p.cols; j++) out.data[i * cols + offset + j] = p.data[i * p.cols + j];
    }
    offset += p.cols;
  }
  return out;
}

/** Rows `start` (inclusive) to `end` (exclusive). */
export function sliceRows(m: Matrix, start: number, end: number): Matrix {
  return { rows: end - start, cols: m.cols, data: m.data.slice(start * m.cols, end * m.cols) };
}

export function transpose(m: Matrix): Matrix {
  const out = zeros(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out.data[j * m.rows + i] = m.data[i * m.cols + j];
  }
  return out;
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new Error(`multiply: ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const out = zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      const bRow = k * b.cols;
      const outRow = i * b.cols;
      for (let j = 0; j < b.cols; j++) out.data[outRow + j] += aik * b.data[bRow + j];
    }
  }
  return out;
}
