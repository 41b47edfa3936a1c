/**
 * The coded QC facts in the user's language: where aCompCor came from and which rotation units
 * were assumed (shared/imaging/analysis-types.ts AcompcorQc / motionUnits, code + params). Analyses
 * stored before the codes existed show a short sentence by source; the engine's English sentence
 * only in English.
 */
import type { AcompcorQc, AnalysisQc } from '../../shared/imaging/analysis-types';
import type { MessageKey } from '../i18n/catalog-en';
import { en } from '../i18n/catalog-en';

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

function isKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

const num = (v: string | number | undefined) => (typeof v === 'number' ? v : Number(v ?? NaN));

function masksText(qc: AcompcorQc, t: T, language: 'ja' | 'en'): string {
  const p = qc.params ?? {};
  const notEroded = String(p.notEroded ?? '').split(',').filter(Boolean);
  const parts: string[] = [];
  for (const [tissue, label, key] of [['wm', 'WM', 'qc.acompcor.mask.wm'], ['csf', 'CSF', 'qc.acompcor.mask.csf']] as const) {
    const n = num(p[tissue]);
    if (!(n >= 0)) continue;
    parts.push(t(key, { n }) + (notEroded.includes(label) ? t('qc.acompcor.mask.notEroded') : ''));
  }
  return parts.length === 0 ? t('qc.acompcor.mask.none') : parts.join(language === 'ja' ? '、' : ', ');
}

/** The aCompCor QC sentence in the current language, with the note when a table's columns were not used. */
export function acompcorText(qc: AcompcorQc, t: T, language: 'ja' | 'en'): string {
  const code = qc.code;
  if (code === undefined) {
    return language === 'en' ? qc.message : t(`qc.acompcor.source.${qc.source}` as MessageKey);
  }
  const p = qc.params ?? {};
  const skipped = String(p.skipped ?? '');
  const skippedKey = `qc.acompcor.skipped.${skipped}`;
  const note = skipped !== '' && isKey(skippedKey) ? `${t(skippedKey)} ` : '';
  switch (code) {
    case 'user-masks':
    case 'mni-tissue-maps':
      return note + t(`qc.acompcor.${code}`, { masks: masksText(qc, t, language), components: num(p.components) });
    case 'confounds-file': {
      const setKey = `qc.acompcor.set.${String(p.set)}`;
      const basisKey = `qc.acompcor.basis.${String(p.basis)}`;
      return t('qc.acompcor.confounds-file', {
        set: isKey(setKey) ? t(setKey) : String(p.set),
        basis: isKey(basisKey) ? t(basisKey, { version: String(p.version ?? '') }) : String(p.basis),
        columns: num(p.columns),
      });
    }
    case 'off-zero-components':
    case 'off-disabled':
      return note + t(`qc.acompcor.${code}`);
    case 'off-masks-too-small':
      return note + t('qc.acompcor.off-masks-too-small', { components: num(p.components) });
  }
}

/** The motion-units QC sentence in the current language. */
export function motionUnitsText(units: NonNullable<AnalysisQc['motionUnits']>, t: T, language: 'ja' | 'en'): string {
  const key = `qc.motionUnits.${units.code ?? ''}`;
  if (units.code !== undefined && isKey(key)) return t(key, units.params ?? {});
  return language === 'en' ? units.message : t(units.rotations === 'degrees' ? 'qc.motionUnits.degrees' : 'qc.motionUnits.radians');
}
