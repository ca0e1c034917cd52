import { perClassAccuracy } from "../../training/results";
import { formatPercent } from "./format";

/**
 * The confusion matrix as a heat map: rows are true classes, columns predicted ones; each cell's
 * shade is its share of its row, so mistakes stand out whatever the class sizes.
 */
export function ConfusionMatrix({
  matrix,
  names,
}: {
  matrix: readonly (readonly number[])[];
  names: readonly string[];
}) {
  const total = matrix.reduce((n, row) => n + row.reduce((a, b) => a + b, 0), 0);
  return (
    <table className="nl-confusion" data-testid="confusion-matrix" data-total={total} aria-label="Confusion matrix">
      <caption>
        Confusion matrix <span className="nl-muted">(rows: true class, columns: predicted)</span>
      </caption>
      <thead>
        <tr>
          <th />
          {names.map((n) => (
            <th key={n} scope="col" title={`predicted ${n}`}>
              {n}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.map((row, i) => {
          const rowTotal = row.reduce((a, b) => a + b, 0);
          const name = names[i] ?? String(i);
          return (
            <tr key={name}>
              <th scope="row" title={`true ${name}`}>
                {name}
              </th>
              {row.map((count, j) => {
                const share = rowTotal > 0 ? count / rowTotal : 0;
                const tone = i === j ? "var(--ok)" : "var(--error)";
                return (
                  <td
                    key={names[j] ?? j}
                    className={i === j ? "hit" : count > 0 ? "miss" : undefined}
                    style={{ background: `color-mix(in srgb, ${tone} ${Math.round(share * 85)}%, transparent)` }}
                    title={`true ${name}, predicted ${names[j] ?? j}: ${count} (${formatPercent(share, 1)} of ${name})`}
                  >
                    {count}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Accuracy of each class as a bar. */
export function PerClassAccuracy({
  matrix,
  names,
}: {
  matrix: readonly (readonly number[])[];
  names: readonly string[];
}) {
  const accuracy = perClassAccuracy(matrix);
  return (
    <ul className="nl-per-class" aria-label="Accuracy per class">
      {accuracy.map((a, i) => {
        const name = names[i] ?? String(i);
        return (
          <li key={name} data-testid="class-accuracy" data-class={name} data-accuracy={a ?? ""}>
            <span className="nl-class-name">{name}</span>
            <span className="nl-bar">
              <span style={{ width: `${(a ?? 0) * 100}%` }} />
            </span>
            <span className="nl-class-value">{a === null ? "—" : formatPercent(a, 1)}</span>
          </li>
        );
      })}
    </ul>
  );
}
