/**
 * DICOM input of the import form: choose a folder (or .zip), see every series it holds
 * (description, kind, volumes, TR, voxel size) with the resting BOLD and the T1 pre-selected, pick
 * the BOLD when several could be it, another T1 series or none, and see the files' patient identity beside the chart's so a
 * mismatch is caught before anything runs. The identity lives only in this component's state.
 */
import { useEffect, useState } from 'react';
import type { DicomSeriesList } from '../../shared/api-imaging';
import type { Patient } from '../../shared/record/types';
import { krp } from '../bridge';
import { problemText, type Problem } from '../error-text';
import { useI18n, type I18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalog-en';

export interface DicomChoice {
  list: DicomSeriesList;
  /** The BOLD series to analyse (pre-selected or chosen), null until one is. */
  boldSeries: number | null;
  /** The T1 series (pre-selected or chosen); null: analyse without a T1 (EPI-only normalization). */
  t1Series: number | null;
}

/** What the analysis request takes from a choice: the T1 series when not the pre-selected one, or "no T1". */
export function t1Request(choice: DicomChoice): { t1Series: number | null; noT1: boolean } {
  if (choice.t1Series === null) return { t1Series: null, noT1: choice.list.t1Series !== null || choice.list.series.some(canBeT1) };
  return { t1Series: choice.t1Series === choice.list.t1Series ? null : choice.t1Series, noT1: false };
}

/** A series that can serve as the structural image: one 3D volume of the head, no problem, numbered. */
export function canBeT1(s: DicomSeriesList['series'][number]): boolean {
  return s.seriesNumber !== null && s.problem === null && s.volumes === 1 && s.slices >= 20 && s.kind !== 'localizer' && s.kind !== 'bold';
}

/** Identity fields compared after NFKC and trimming (full-width digits in either place still match). */
function sameId(a: string | null, b: string | null): boolean {
  const norm = (v: string | null) => (v ?? '').normalize('NFKC').trim().toUpperCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

export function DicomPicker(props: {
  patient: Patient; value: DicomChoice | null; onChange(value: DicomChoice | null): void; disabled: boolean;
  /** A T1 NIfTI was chosen in the form: it replaces the folder's T1 (the T1 choice is then disabled). */
  t1FileChosen?: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [listing, setListing] = useState(false);
  const [listed, setListed] = useState(0);
  const [problem, setProblem] = useState<Problem | null>(null);
  // The headers are read in a worker; its progress arrives as events.
  useEffect(() => (listing ? krp().on('imaging.listingProgress', (p) => setListed(p.fraction)) : undefined), [listing]);

  const choose = async (purpose: 'dicom-folder' | 'dicom-zip') => {
    try {
      const chosen = await krp().imaging.chooseFile({ purpose });
      if (chosen.status !== 'done') return;
      setListed(0);
      setListing(true);
      props.onChange(null);
      const list = await krp().imaging.listSeries({ path: chosen.result.path });
      props.onChange({ list, boldSeries: list.boldSeries, t1Series: list.t1Series });
      setProblem(null);
    } catch (e) {
      const cancelled = (e as { code?: unknown }).code === 'dicom.listing-cancelled';
      setProblem(cancelled ? null : { error: e });
    } finally {
      setListing(false);
    }
  };

  const stopListing = () => { void krp().imaging.cancelListing({}).catch((e: unknown) => setProblem({ error: e })); };

  const choice = props.value;
  const usable = choice?.list.series.filter((s) => s.kind === 'bold' && s.problem === null && s.seriesNumber !== null) ?? [];
  return (
    <div className="dicom-picker" data-testid="dicom-picker">
      <div className="file-row" data-testid="file-dicom">
        <span className="file-label">{t('imaging.dicomFolder')}</span>
        <span className={choice ? 'file-name' : 'file-name muted'} title={choice?.list.path}>{choice ? choice.list.path.split(/[\\/]/).pop() : t('imaging.noFile')}</span>
        <button type="button" onClick={() => void choose('dicom-folder')} disabled={props.disabled || listing} data-testid="choose-dicom-folder">{t('imaging.chooseFolder')}</button>
        <button type="button" className="link" onClick={() => void choose('dicom-zip')} disabled={props.disabled || listing} data-testid="choose-dicom-zip">{t('imaging.chooseZip')}</button>
      </div>
      {listing ? (
        <div className="listing" data-testid="dicom-listing" aria-live="polite">
          <span className="muted">{t('imaging.listing')}</span>
          <progress max={1} value={listed} aria-label={t('imaging.listing')} />
          <span className="muted">{i18n.percent(Math.round(listed * 100))}</span>
          <button type="button" className="link" onClick={stopListing} data-testid="cancel-listing">{t('imaging.cancelListing')}</button>
        </div>
      ) : null}
      {problem ? <p className="error" role="alert" data-testid="dicom-problem">{problemText(problem, i18n)}</p> : null}
      {choice ? (
        <>
          <IdentityCheck patient={props.patient} list={choice.list} i18n={i18n} />
          <table className="table series-table" data-testid="series-list">
            <caption>{t('series.title')}</caption>
            <thead><tr>
              <th className="num">{t('series.number')}</th><th>{t('series.description')}</th><th>{t('series.kind')}</th>
              <th className="num">{t('series.volumes')}</th><th className="num">{t('series.tr')}</th><th>{t('series.voxel')}</th><th>{t('series.use')}</th>
            </tr></thead>
            <tbody>
              {choice.list.series.map((s, index) => {
                const canBeBold = usable.includes(s);
                const isBold = s.seriesNumber !== null && s.seriesNumber === choice.boldSeries;
                const isT1 = s.seriesNumber !== null && s.seriesNumber === choice.t1Series;
                return (
                  <tr key={`${s.seriesNumber ?? 'x'}-${index}`} data-testid="series-row" data-kind={s.kind} data-selected={isBold ? 'bold' : isT1 ? 't1' : ''}>
                    <td className="num">{s.seriesNumber ?? '—'}</td>
                    <td>{s.description || '—'}{s.problem ? <span className="error"> — {problemText({ error: { name: 'KrpError', code: s.problem.code, message: s.problem.message, details: {} } }, i18n)}</span> : null}</td>
                    <td>{t(`series.kind.${s.kind}` as MessageKey)}</td>
                    <td className="num">{s.volumes}</td>
                    <td className="num">{s.trSeconds === null ? '—' : i18n.number(s.trSeconds, 2)}</td>
                    <td>{s.voxelSizeMm ? s.voxelSizeMm.map((v) => i18n.number(v, 1)).join(' × ') : '—'}</td>
                    <td>
                      {canBeBold ? (
                        <label className="inline">
                          <input type="radio" name="bold-series" checked={isBold} disabled={props.disabled}
                            onChange={() => props.onChange({ ...choice, boldSeries: s.seriesNumber })} data-testid={`use-bold-${s.seriesNumber}`} />
                          {' '}{t('series.asBold')}
                        </label>
                      ) : canBeT1(s) ? (
                        <label className="inline">
                          <input type="radio" name="t1-series" checked={isT1} disabled={props.disabled || props.t1FileChosen}
                            onChange={() => props.onChange({ ...choice, t1Series: s.seriesNumber })} data-testid={`use-t1-${s.seriesNumber}`} />
                          {' '}{t('series.asT1')}
                        </label>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {choice.list.series.some(canBeT1) ? (
            <label className="inline no-t1">
              <input type="radio" name="t1-series" checked={choice.t1Series === null} disabled={props.disabled || props.t1FileChosen}
                onChange={() => props.onChange({ ...choice, t1Series: null })} data-testid="use-no-t1" />
              {' '}{t('series.noT1')}
            </label>
          ) : <p className="hint" data-testid="no-t1-in-folder">{t('series.noT1InFolder')}</p>}
          {choice.boldSeries === null ? <p className="error" role="alert">{t(usable.length > 0 ? 'series.chooseBold' : 'series.noBold')}</p> : null}
        </>
      ) : null}
    </div>
  );
}

function IdentityCheck({ patient, list, i18n }: { patient: Patient; list: DicomSeriesList; i18n: I18n }) {
  const { t } = i18n;
  const dicom = list.identities[0] ?? null;
  const mismatch = dicom !== null && patient.hospitalId !== null && dicom.id !== null && !sameId(dicom.id, patient.hospitalId);
  return (
    <div className="identity-check" data-testid="identity-check">
      <h3>{t('identity.title')}</h3>
      <table className="table compact">
        <thead><tr><th /><th>{t('identity.chart')}</th><th>{t('identity.dicom')}</th></tr></thead>
        <tbody>
          <tr><th>{t('identity.id')}</th><td>{patient.hospitalId ?? '—'}</td><td data-testid="dicom-patient-id">{list.identities.map((i) => i.id ?? '—').join(' / ') || '—'}</td></tr>
          <tr><th>{t('identity.name')}</th><td>—</td><td>{list.identities.map((i) => i.name ?? '—').join(' / ') || '—'}</td></tr>
          <tr><th>{t('identity.birth')}</th><td>{patient.birthDate ?? patient.birthYear ?? '—'}</td><td>{list.identities.map((i) => i.birthDate ?? '—').join(' / ') || '—'}</td></tr>
        </tbody>
      </table>
      {list.identities.length > 1 ? <p className="error" role="alert" data-testid="identity-several">{t('identity.several', { count: list.identities.length })}</p> : null}
      {mismatch ? <p className="error" role="alert" data-testid="identity-mismatch">{t('identity.mismatch')}</p> : null}
      <p className="hint">{t('identity.note')}</p>
    </div>
  );
}
