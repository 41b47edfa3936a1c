/**
 * dcm2niix's exit codes (console/nii_dicom_batch.h: EXIT_SUCCESS 0 … kEXIT_SOME_OK_SOME_BAD 8,
 * kEXIT_RENAME_ERROR 9, kEXIT_INCOMPLETE_VOLUMES_FOUND 10) as coded, readable KrpErrors. The
 * Emscripten build reports only the bare number, so its log is searched for the known reasons.
 */
import { KrpError } from '../../../shared/errors';

const EXPORT_AGAIN = 'Export the series again from the scanner or PACS, or choose another series.';

export function dcm2niixFailure(status: number, log: readonly string[]): KrpError {
  const text = log.join('\n');
  const details = { exitCode: status };
  if (status === 2 || /Unable to find any DICOM/i.test(text)) {
    return new KrpError('dicom.none-found', `The chosen files contain no DICOM image the converter can read. ${EXPORT_AGAIN}`, details);
  }
  if (status === 10 || /missing images|incomplete volume|slices not equally spaced|Missing/i.test(text)) {
    return new KrpError('dicom.missing-slices', `The series is incomplete: some slices or volumes are missing. ${EXPORT_AGAIN}`, details);
  }
  if (status === 4 || /corrupt|Unable to (open|read)|not large enough|FileSize </i.test(text)) {
    return new KrpError('dicom.corrupt', `A DICOM file of the series is damaged or cut short. ${EXPORT_AGAIN}`, details);
  }
  if (/compressed|transfer syntax|JPEG/i.test(text)) {
    return new KrpError('dicom.unsupported-compression', `The series is stored with an image compression the converter does not read. Export it uncompressed (explicit VR little endian) from the PACS.`, details);
  }
  if (status === 8) {
    return new KrpError('dicom.mixed-series', `Only part of the chosen files could be converted: they mix series or images of different kinds. Choose one series from the list.`, details);
  }
  return new KrpError('dicom.conversion-failed', `The DICOM converter stopped with code ${status}. ${EXPORT_AGAIN}`, details);
}
