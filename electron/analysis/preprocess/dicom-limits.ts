/**
 * Size bounds for DICOM input, checked before anything is read or allocated, so a hostile or
 * mistaken file cannot exhaust memory. dcm2niix-WASM copies every file of a series into a heap
 * that tops out at 2 GiB and needs about as much again for its output, hence the series bound.
 */
export const DICOM_LIMITS = {
  /** Largest single DICOM file read (an enhanced multi-frame series is one file). */
  maxFileBytes: 700 * 1024 * 1024,
  /** Largest total of one series handed to dcm2niix. */
  maxSeriesBytes: 700 * 1024 * 1024,
  /** Bytes read from the start of a file to find its header (grown up to maxHeaderBytes). */
  headerProbeBytes: 256 * 1024,
  maxHeaderBytes: 16 * 1024 * 1024,
  /** Files examined in one folder or archive. */
  maxFiles: 100_000,
  /** Folder nesting followed. */
  maxDepth: 12,
} as const;
