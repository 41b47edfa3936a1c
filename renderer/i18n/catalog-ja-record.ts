/** 日本語: 正確な入力・理由付きの訂正・識別子（issue 10）。catalog-en-record.ts と同じキー。 */
import type { enRecord } from './catalog-en-record';

export const jaRecord: Record<keyof typeof enRecord, string> = {
  'input.err.control-character': '制御文字（{codePoint}）が含まれています。削除して入力し直してください。',
  'input.err.line-break': '改行（{codePoint}）が含まれています。この欄は 1 行で入力してください。',
  'input.err.bidi-control': '文字の向きを変える制御文字（{codePoint}）が含まれています。表示と保存内容が食い違うため、削除してください。',
  'input.err.invisible-character': '見えない文字（{codePoint}）が含まれています。見た目が同じ別の値になるため、削除して入力し直してください。',
  'input.err.lone-surrogate': '壊れた文字（{codePoint}）が含まれています。入力し直してください。',

  'correct.reason': '訂正の理由',
  'correct.reasonHint': '必須。訂正前の値・入力者名・日時とともに記録されます。',
  'correct.err.reasonRequired': '訂正する理由を入力してください（例:「体重の入力誤り 27→72」）。',
  'correct.err.reasonTooLong': '理由は 500 文字以内で入力してください。',
  'correct.editPatient': '患者情報を訂正',
  'correct.patientTitle': '患者情報の訂正',
  'correct.save': '訂正を保存',
  'correct.noChange': '変更がありません。値を変更するか、キャンセルしてください。',
  'correct.editInfusion': '訂正',
  'correct.infusionTitle': '投与記録の訂正',
  'correct.delete': '削除…',
  'correct.deleteTitle': '誤って登録した{what}を削除',
  'correct.deleteHint': 'カルテや一覧には表示されなくなりますが、理由とともに監査証跡に残ります。',
  'correct.deleteConfirm': '削除する',
  'correct.mark': '訂正あり',
  'correct.markTitle': '訂正: {history}',
  'correct.history': '訂正履歴',
  'correct.historyEntry': '{at}・{who}・{fields}: {reason}',
  'correct.what.patient': 'この患者',
  'correct.what.infusion': 'この投与記録',
  'correct.what.assessment': 'この評価',
  'correct.removed': '削除済み: {reason}',

  'assess.hintKeys': '各項目の点数を入力すると次の項目へ進みます（同じ値を入力し直した場合も進みます）。NRS 10 は 1、0 と入力（1 の場合は 1 の後にそのまま次を入力）。Backspace で消去。数字の列を貼り付けると項目順に入ります。',

  'infusion.warnDose': '投与量 {dose} mg/kg はプロトコル（0.3 mg/kg）と異なります。確認してください（このまま保存もできます）。',
  'infusion.totalInvalid': '正しい体重と投与量を入力すると総量が表示されます。',

  'patient.err.diagnosis': '診断名は 500 文字以内で入力してください。',
  'patient.err.notes': 'メモは 5000 文字以内で入力してください。',
  'audit.change': '変更内容',
  'audit.reason': '理由: {reason}',
  'audit.correctionsOnly': '訂正・削除のみ表示',

  'error.record.control-character': '{field}: 制御文字（{codePoint}）が含まれています。削除してください。',
  'error.record.line-break': '{field}: 改行（{codePoint}）が含まれています。1 行で入力してください。',
  'error.record.bidi-control': '{field}: 文字の向きを変える制御文字（{codePoint}）が含まれています。削除してください。',
  'error.record.invisible-character': '{field}: 見えない文字（{codePoint}）が含まれています。削除してください。',
  'error.record.lone-surrogate': '{field}: 壊れた文字（{codePoint}）が含まれています。入力し直してください。',
  'error.record.missing-field': '{field}は必須です。',
};
