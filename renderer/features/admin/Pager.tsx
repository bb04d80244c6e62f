import { useTranslation } from 'react-i18next';

export interface PagerProps {
  offset: number;
  limit: number;
  total: number;
  onOffset(offset: number): void;
  label: string;
}

/** "51–100 of 230" with Previous and Next; nothing when everything fits on one page. */
export function Pager({ offset, limit, total, onOffset, label }: PagerProps) {
  const { t } = useTranslation();
  if (total <= limit && offset === 0) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      >
        {t('pager.previous')}
      </button>
      <span>
        {t('pager.range', {
          from: Math.min(total, offset + 1),
          to: Math.min(total, offset + limit),
          total,
        })}
      </span>
      <button
        type="button"
        disabled={offset + limit >= total}
        onClick={() => onOffset(offset + limit)}
      >
        {t('pager.next')}
      </button>
    </nav>
  );
}
