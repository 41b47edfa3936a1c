/** The app's version, shown in provenance and reports. A test keeps it equal to package.json. */
export const APP_VERSION = '0.1.0';

/** Version of the analysis method: bump when a change can move a patient's z. */
export const PIPELINE_VERSION = 'conn17-regbp-3';
