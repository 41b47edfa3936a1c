/**
 * Quality control of one analysis in words a physician reads: volumes used and flagged, head
 * motion (or that it was not modelled), outlier scans, voxels / tSNR / coverage per ROI, the space
 * decision, and every warning with what to do (catalogue text per warning code).
 */
import type { AnalysisQc, RoiQc } from '../../shared/imaging/analysis-types';
import { useI18n } from '../i18n/i18n';
import { en, type MessageKey } from '../i18n/catalog-en';
import { useNumberFormat } from '../number-format';
import { acompcorText, motionUnitsText } from '../imaging/qc-text';

export function QcPanel({ qc }: { qc: AnalysisQc }) {
  const i18n = useI18n();
  const { t } = i18n;
  const f = useNumberFormat();
  const n = (v: number, d = 2) => f.fixed(v, d);
  const pct = (fraction: number) => `${f.fixed(fraction * 100, 0)}%`;
  const roiRow = (key: 'roi.mpfc' | 'roi.precuneus', roi: RoiQc) => (
    <tr key={key}>
      <th scope="row">{t(key)}</th>
      <td className="num">{f.count(roi.voxels)}</td>
      <td className="num">{n(roi.tsnr, 1)}</td>
      <td className="num">{pct(roi.coverageFov)}</td>
      <td className="num">{pct(roi.coverageBrain)}</td>
      <td className="num">{roi.excludedNonFinite + roi.excludedConstant}</td>
    </tr>
  );
  return (
    <section className="card qc" data-testid="qc-panel" aria-labelledby="qc-title">
      <h2 id="qc-title">{t('qc.title')}</h2>
      <dl className="qc-facts">
        <div><dt>{t('qc.volumes')}</dt><dd data-testid="qc-volumes">{t('qc.volumesValue', {
          used: qc.volumes.used, total: qc.volumes.total, dropped: qc.volumes.dropped, flagged: qc.volumes.flagged, seconds: n(qc.volumes.usableSeconds, 0),
        })}</dd></div>
        <div><dt>{t('qc.motion')}</dt><dd data-testid="qc-motion">{qc.motion.modelled && qc.motion.meanFdMm !== null && qc.motion.maxFdMm !== null
          ? t('qc.motionValue', { mean: n(qc.motion.meanFdMm, 3), max: n(qc.motion.maxFdMm, 3) })
          : t('qc.motionNone')}</dd></div>
        <div><dt>{t('qc.outliers')}</dt><dd data-testid="qc-outliers">{t('qc.outliersValue', {
          n: qc.outlierScans.length, gs: qc.outlierSources.globalSignal, motion: qc.outlierSources.motion, file: qc.outlierSources.confoundsFile,
        })}</dd></div>
        <div><dt>{t('qc.brainVoxels')}</dt><dd>{f.count(qc.brainVoxels)}</dd></div>
        {qc.degreesOfFreedom && <div><dt>{t('qc.dof')}</dt><dd data-testid="qc-dof">{t('qc.dofValue', { ...qc.degreesOfFreedom })}</dd></div>}
        {qc.acompcor && <div className="wide"><dt>{t('qc.acompcor')}</dt><dd data-testid="qc-acompcor">{acompcorText(qc.acompcor, t, i18n.language)}</dd></div>}
        {qc.motionUnits && <div className="wide"><dt>{t('qc.motionUnits')}</dt><dd data-testid="qc-motion-units">{motionUnitsText(qc.motionUnits, t, i18n.language)}</dd></div>}
        <div className="wide"><dt>{t('qc.space')}</dt><dd>{spaceText(qc.space, t)}</dd></div>
      </dl>
      <table className="table qc-rois">
        <thead><tr><th>{t('qc.roi')}</th><th className="num">{t('qc.voxels')}</th><th className="num">{t('qc.tsnr')}</th><th className="num">{t('qc.coverageFov')}</th><th className="num">{t('qc.coverageBrain')}</th><th className="num">{t('qc.roiDropped')}</th></tr></thead>
        <tbody>{roiRow('roi.mpfc', qc.rois.mpfc)}{roiRow('roi.precuneus', qc.rois.precuneus)}</tbody>
      </table>
      <h3>{t('qc.warnings')}</h3>
      {qc.warnings.length === 0 ? <p className="muted">{t('qc.noWarnings')}</p> : (
        <ul className="qc-warnings" data-testid="qc-warnings">
          {qc.warnings.map((w) => <li key={w.code} data-code={w.code}>{warningText(w.code, w.message, t)}</li>)}
        </ul>
      )}
    </section>
  );
}

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The catalogue's words for a QC warning code; the engine's English sentence for an unknown code. */
export function warningText(code: string, fallback: string, t: T): string {
  const key = `qc.warn.${code}` as MessageKey;
  return isKey(key) ? t(key) : fallback;
}

/** The space decision in the current language. */
export function spaceText(space: AnalysisQc['space'], t: T): string {
  const key = `imaging.space.${space.basis}` as MessageKey;
  return isKey(key) ? t(key, { template: space.matchedTemplate ?? '' }) : space.message;
}

function isKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}
