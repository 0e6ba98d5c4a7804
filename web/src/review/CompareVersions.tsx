import { useState } from 'react';
import type { VersionRef } from '@parcours/shared';
import { href } from '../router.ts';
import { useTranslation } from '../i18n/index.ts';
import { useVersionName } from './DiffPage.tsx';

/** Picks two versions (or a version and the draft) of the History panel and opens their diff on the canvas. */
export function CompareVersions(props: { scenarioId: string; versions: number[] }) {
  const { t } = useTranslation();
  const versionName = useVersionName();
  const newest = Math.max(...props.versions);
  const [from, setFrom] = useState<VersionRef>(newest);
  const [to, setTo] = useState<VersionRef>('draft');
  if (props.versions.length === 0) return null;
  const refs: VersionRef[] = ['draft', ...props.versions.slice().sort((a, b) => b - a)];
  const parse = (value: string): VersionRef => (value === 'draft' ? 'draft' : Number(value));
  const options = refs.map((ref) => (
    <option key={ref} value={ref}>
      {versionName(ref)}
    </option>
  ));
  return (
    <form className="row compare-versions" aria-label={t('review.compare.title')} onSubmit={(e) => e.preventDefault()}>
      <label>
        {t('review.compare.from')}{' '}
        <select value={from} onChange={(e) => setFrom(parse(e.target.value))}>
          {options}
        </select>
      </label>
      <label>
        {t('review.compare.to')}{' '}
        <select value={to} onChange={(e) => setTo(parse(e.target.value))}>
          {options}
        </select>
      </label>
      <a className="button" href={href({ page: 'diff', id: props.scenarioId, from, to })} aria-disabled={from === to || undefined}>
        {t('review.compare.show')}
      </a>
    </form>
  );
}
