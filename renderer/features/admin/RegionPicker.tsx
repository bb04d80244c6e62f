import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionLabel } from '../../../shared/api';
import type { FieldInputProps } from '../forms/Field';
import { useDebounced } from '../forms/use-debounced';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/** A region's name in the UI language, and in the other one. */
export function useRegionName(): (label: RegionLabel, other?: 'other') => string {
  const { i18n } = useTranslation();
  const russian = i18n.language.startsWith('ru');
  return (label, other) => (russian === (other === undefined) ? label.name : label.en);
}

/**
 * Region names (canonical, Russian) as the UI language shows them: the PBX's table, read once.
 * A name the table does not have is shown as it is.
 */
export function useShownRegion(): (name: string) => string {
  const api = useAdminApi();
  const nameOf = useRegionName();
  const all = useResource(() => api.regions(), 'all');
  return (name) => {
    const label = all.data?.find((r) => r.name === name);
    return label ? nameOf(label) : name;
  };
}

export interface RegionPickerProps {
  /** What the admin typed or picked: a region name in Russian or English (the PBX takes both). */
  value: string;
  onChange(value: string): void;
  /** From Field: the input's id and its descriptions. */
  input: FieldInputProps;
}

const SHOWN = 8;

/**
 * The one searchable region field of the Admin tab (SPEC §3): the PBX's regions whose Russian
 * or English name contains what was typed, shown in the UI language, picked by click or keys.
 */
export function RegionPicker({ value, onChange, input }: RegionPickerProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const nameOf = useRegionName();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const search = useDebounced(value.trim(), 200);
  const regions = useResource(() => api.regions(search || undefined), search);
  const found = (regions.data ?? []).slice(0, SHOWN);
  const exact = found.some((r) => [r.name, r.en].includes(value.trim()));
  const listed = open && found.length > 0 && !(exact && found.length === 1);

  const pick = (label: RegionLabel) => {
    onChange(nameOf(label));
    setOpen(false);
  };
  const keys = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (found.length === 0 ? 0 : (a + step + found.length) % found.length));
    } else if (event.key === 'Enter' && listed && found[active]) {
      event.preventDefault();
      pick(found[active]);
    } else if (event.key === 'Escape') setOpen(false);
  };

  return (
    <div className="region-picker">
      <input
        {...input}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={listed}
        aria-controls={`${id}-list`}
        aria-activedescendant={listed ? `${id}-${active}` : undefined}
        autoComplete="off"
        placeholder={t('regions.placeholder')}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={keys}
      />
      <ul id={`${id}-list`} role="listbox" className="region-options" hidden={!listed}>
        {found.map((label, index) => (
          <li
            key={label.name}
            id={`${id}-${index}`}
            role="option"
            aria-selected={index === active}
            // Before the input's blur closes the list
            onMouseDown={(e) => {
              e.preventDefault();
              pick(label);
            }}
          >
            {nameOf(label)}
            <span className="muted small"> · {nameOf(label, 'other')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
