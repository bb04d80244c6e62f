/** Line icons drawn here (24×24, the current text colour), so no icon font or file is loaded. */
const PATHS = {
  settings:
    'M12 8.8a3.2 3.2 0 1 0 0 6.4a3.2 3.2 0 1 0 0-6.4M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1',
  back: 'M15 5l-7 7 7 7',
  signOut: 'M10 4H5v16h5M14 8l4 4-4 4M18 12H9',
  person: 'M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8M4 20c0-4 3.6-6 8-6s8 2 8 6',
  backspace: 'M9 5h11v14H9l-6-7zM12 9l5 6M17 9l-5 6',
  chevron: 'M6 9l6 6 6-6',
  phone:
    'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
} as const;

export type IconName = keyof typeof PATHS;

/** Decorative: the button around it carries the name. */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      className="icon-svg"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
