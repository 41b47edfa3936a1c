/**
 * What `imaging.listSeries` returns for a DICOM folder or zip: each series as the picker shows it
 * (no file list, no identity inside a row) with the resting BOLD and T1 pre-selected, and the
 * files' patient identities kept apart so the screen can set them beside the chart's identity.
 * Nothing here is stored or logged.
 */
import type { DicomSeriesList, DicomSeriesRow } from '../../shared/api-imaging';
import { listDicomSeriesWithIdentity, pickDefaultSeries, type DicomListing, type DicomSeriesSummary } from '../analysis/preprocess/dicom-series';

export function seriesRow(series: DicomSeriesSummary): DicomSeriesRow {
  return {
    seriesNumber: series.seriesNumber,
    description: series.description,
    modality: series.modality,
    kind: series.kind,
    volumes: series.volumes,
    slices: series.slices,
    trSeconds: series.repetitionTime,
    voxelSizeMm: series.voxelSizeMm,
    matrix: series.matrix,
    problem: series.problem,
  };
}

/** The picker's view of a listing (pure: tested on planted listings). */
export function seriesListOf(path: string, listing: DicomListing): DicomSeriesList {
  const picked = pickDefaultSeries(listing.series);
  return {
    path,
    series: listing.series.map(seriesRow),
    boldSeries: picked.bold?.seriesNumber ?? null,
    t1Series: picked.t1?.seriesNumber ?? null,
    identities: listing.identities.map((i) => ({ name: i.name, id: i.id, birthDate: i.birthDate })),
    skippedFiles: listing.skippedFiles,
  };
}

/** Reads the headers in the calling thread (CLI, tests); the app uses the worker (ImagingService.listSeries). */
export async function listSeriesForPicker(path: string, signal?: AbortSignal): Promise<DicomSeriesList> {
  return seriesListOf(path, await listDicomSeriesWithIdentity(path, { signal }));
}
