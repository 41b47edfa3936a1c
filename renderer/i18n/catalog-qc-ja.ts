/**
 * Japanese texts of the coded QC facts (aCompCor source, motion rotation units), spread into
 * catalog-ja.ts; the same keys as catalog-qc-en.ts.
 */
import type { qcEn } from './catalog-qc-en';

export const qcJa: Record<keyof typeof qcEn, string> = {
  'qc.acompcor.user-masks': '指定されたマスクから（確率 0.5 以上、1 ボクセル収縮）：{masks}。各 {components} 成分。',
  'qc.acompcor.mni-tissue-maps': '同梱の MNI 組織確率マップから（確率 0.5 超、1 ボクセル収縮）：{masks}。各 {components} 成分。',
  'qc.acompcor.mask.wm': '白質 {n} ボクセル',
  'qc.acompcor.mask.csf': '脳脊髄液 {n} ボクセル',
  'qc.acompcor.mask.notEroded': '（格子が粗いため収縮なし）',
  'qc.acompcor.mask.none': 'なし',
  'qc.acompcor.confounds-file': 'fMRIPrep の交絡表から：{set}、{basis}。{columns} 列。',
  'qc.acompcor.set.wm-csf': '白質と脳脊髄液それぞれの成分',
  'qc.acompcor.set.combined': '白質＋脳脊髄液の合成マスクの成分',
  'qc.acompcor.basis.sidecar': '付属のサイドカーファイルに記載されたマスクによる',
  'qc.acompcor.basis.column-names': '列名に記載されたマスクによる（fMRIPrep 21 以降）',
  'qc.acompcor.basis.version': 'fMRIPrep {version} の列の順序による',
  'qc.acompcor.off-zero-components': 'オフ（成分数 0 を選択）。',
  'qc.acompcor.off-disabled': '未適用：白質・脳脊髄液マスクの指定がなく、MNI 組織確率マップの既定も無効です。',
  'qc.acompcor.off-masks-too-small': '未適用：この画像の格子では MNI の白質・脳脊髄液マスクが {components} ボクセルに足りません。',
  'qc.acompcor.skipped.version-20.2-no-sidecar': '交絡表の aCompCor 列は使っていません。fMRIPrep 20.2 は脳脊髄液・白質・合成マスクの成分を通し番号で並べるため、付属のサイドカーファイルがないと区別できません。',
  'qc.acompcor.skipped.version-unknown': '交絡表の aCompCor 列は使っていません。付属のサイドカーファイルも fMRIPrep のバージョン情報もないため、どのマスクの成分か分かりません。',
  'qc.acompcor.source.user-masks': '指定されたマスクから。',
  'qc.acompcor.source.mni-tissue-maps': '同梱の MNI 組織確率マップから。',
  'qc.acompcor.source.confounds-file': 'fMRIPrep の交絡表から。',
  'qc.acompcor.source.off': '未適用。',
  'qc.motionUnits.fmriprep': 'ラジアン（fMRIPrep の回転列の仕様どおり）。',
  'qc.motionUnits.preprocessing': 'ラジアン（本アプリの前処理で算出）。',
  'qc.motionUnits.option-radians': 'ラジアン（解析オプションで指定）。',
  'qc.motionUnits.option-degrees': '度（解析オプションで指定）。',
  'qc.motionUnits.detected-large': '度：最大の回転が {largest} で、ラジアンとしては不自然です（{limit} 超）。誤りであればオプションでラジアンを選んでください。',
  'qc.motionUnits.detected-ratio': '度：ラジアンとすると頭の表面が {rotationMm} mm 動くことになる一方、並進は {translationMm} mm の範囲しかなく、実際の頭ではありえません。誤りであればオプションでラジアンを選んでください。',
  'qc.motionUnits.detected-radians': 'ラジアン（SPM/FSL の慣例。大きさもラジアンとして妥当）。',
  'qc.motionUnits.radians': 'ラジアン。',
  'qc.motionUnits.degrees': '度。',
};
