/** What series discovery tells the series picker (and the orchestrator) about a DICOM input. */

export type DicomSeriesKind = 'bold' | 't1' | 'localizer' | 'other';

export interface DicomSeriesProblem {
  /** KrpError code, e.g. dicom.missing-slices, dicom.mixed-series. */
  code: string;
  message: string;
}

export interface DicomSeriesSummary {
  seriesUid: string;
  seriesNumber: number | null;
  description: string;
  modality: string;
  imageType: string[];
  /** Volumes (time points); 1 for a structural image. */
  volumes: number;
  /** Slices per volume. */
  slices: number;
  /** Repetition time in seconds, or null when the files do not say. */
  repetitionTime: number | null;
  /** Voxel size in mm (column spacing, row spacing, slice spacing), or null. */
  voxelSizeMm: [number, number, number] | null;
  /** In-plane matrix: columns × rows. */
  matrix: [number, number];
  kind: DicomSeriesKind;
  /** Why this series cannot be used as it is, or null. */
  problem: DicomSeriesProblem | null;
  /** File references (paths or `archive.zip!/entry`) for convertDicomSeries, sorted. */
  files: string[];
  bytes: number;
}

/** Patient identity as the DICOM files state it: shown beside the chart's identity, never stored. */
export interface DicomIdentity {
  name: string | null;
  id: string | null;
  /** YYYY-MM-DD when the file's date is valid, else as written. */
  birthDate: string | null;
}

export interface DicomListing {
  series: DicomSeriesSummary[];
  /** Distinct identities found (more than one: the folder mixes patients). */
  identities: DicomIdentity[];
  /** Files that were not DICOM images (reports, DICOMDIR, other files). */
  skippedFiles: number;
}

export interface DefaultSeries {
  bold: DicomSeriesSummary | null;
  t1: DicomSeriesSummary | null;
  /** The usable BOLD candidates when none could be pre-selected (the physician must choose). */
  boldCandidates: DicomSeriesSummary[];
}
