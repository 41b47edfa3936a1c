/**
 * 課題 14（医師が確認して署名する画面）の日本語: カルテ見出し、レポートの見出し・署名欄・フッター・凡例、
 * コホートの患者一覧、並び順、施設名。catalog-ja.ts に展開する。キーは catalog-en-polish.ts と同じ。
 */
export const jaPolish = {
  'common.listSeparator': '、',
  'chart.ageParen': '（{age}）',
  'elig.count': '{status} {count}',
  'elig.counts': '（{counts}）',

  'hads.itemAnxiety': '不安',
  'hads.itemDepression': '抑うつ',

  'list.direction': '順序',
  'direction.asc': '昇順（小さい順）',
  'direction.desc': '降順（大きい順）',

  'settings.institution': '施設名（レポートの見出し）',
  'settings.institutionHint': '記録に保存し（バックアップにも含まれます）、すべてのレポートの見出しに印刷します。変更は管理者のみ行えます。',
  'settings.institutionSave': '施設名を保存',
  'settings.institutionSaved': '施設名を保存しました。',
  'settings.institutionTooLong': '施設名は 120 文字以内で入力してください。',
  'settings.institutionControl': '施設名に制御文字または見えない文字が含まれています。入力し直してください。',

  'report.institutionMissing': '施設名が未設定です（設定画面で入力）',
  'report.provisionalLabel': '（{label}）',
  'report.hadsBands': 'HADS の区分（各下位尺度 0–21）: 正常 0–7・境界 8–10・異常 11–21',
  'report.pcsNote': 'PCS 合計 0–52。30 以上は臨床的に問題となる水準。',
  'report.nrsNote': 'NRS 0 = 痛みなし、10 = 想像できる最悪の痛み。反応あり: 投与開始 60 分後に 50% 以上低下。',
  'report.pcsHigh': '高値',
  'report.rParen': '（r = {r}）',
  'report.legend': '色の凡例',
  'report.legendZ': 'シードマップ: 内側前頭前野からの Fisher z',
  'report.legendRois': 'ROI の輪郭',
  'report.scatter': '当施設の較正患者とこの患者',
  'report.scatterNone': 'まだ当施設の較正患者がいません。',
  'report.signature': '確認医師（署名）',
  'report.signatureDate': '日付',
  'report.page': '{page} / {pages} ページ',
  'report.auditHead': '記録の監査ヘッド {head}',
  'report.footerNotice': '研究用。医療機器ではありません。',

  'cohort.patients': '解析済みの患者',
  'cohort.patientsIntro': '行または散布図の点をクリックすると、その患者のカルテを開きます。',
  'cohort.sortBy': '{column}で並べ替え',
  'cohort.pointLabel': '{code}: z = {z}、低下率 {pct}',
  'cohort.pointPatient': '患者 {id}',
} as const;
