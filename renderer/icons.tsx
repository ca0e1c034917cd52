/**
 * The app's icons, drawn as SVG so they look the same everywhere: emoji and rare symbols render
 * as empty boxes where no font has them (Linux without an emoji font). 16x16 grid, stroked in
 * the text colour.
 */
const PATHS = {
  folder: "M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z",
  file: "M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3",
  up: "M8 13V3.5 M4 7.5l4-4 4 4",
  error: "M8 1.5a6.5 6.5 0 1 0 0.01 0z M5.5 5.5l5 5 M10.5 5.5l-5 5",
  warning: "M8 1.8l6.6 12H1.4z M8 6.2v3.8 M8 11.6v0.6",
  pin: "M5.5 1.5h5 M6.5 1.5v5l-2.5 3h8l-2.5-3v-5 M8 9.5v5",
  download: "M8 1.5v9 M4.5 7l3.5 3.5 3.5-3.5 M2 14.5h12",
  upload: "M8 10.5v-9 M4.5 5l3.5-3.5 3.5 3.5 M2 14.5h12",
  swap: "M2 5h10.5 M10 2.5l2.5 2.5-2.5 2.5 M14 11H3.5 M6 8.5l-2.5 2.5 2.5 2.5",
  chevron: "M4 6l4 4 4-4",
  close: "M4 4l8 8 M12 4l-8 8",
} as const;

/** The name of one of the app's icons. */
export type IconName = keyof typeof PATHS;

/**
 * An icon. With `label` it is an image with that name for screen readers; without, decoration
 * next to a text that says the same.
 */
export function Icon({ name, label, className }: { name: IconName; label?: string; className?: string }) {
  const props = {
    className: `nl-icon${className ? ` ${className}` : ""}`,
    "data-icon": name,
    viewBox: "0 0 16 16",
    width: 14,
    height: 14,
    fill: "none",
    stroke: "currentColor",
    strokeWidth: 1.5,
    strokeLinecap: "round",
    strokeLinejoin: "round",
  } as const;
  if (!label) {
    return (
      <svg {...props} aria-hidden="true">
        <path d={PATHS[name]} />
      </svg>
    );
  }
  return (
    <svg {...props} role="img" aria-label={label}>
      <title>{label}</title>
      <path d={PATHS[name]} />
    </svg>
  );
}
