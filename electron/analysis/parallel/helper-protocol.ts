/**
 * Messages between an analysis and its helper thread (analysis-helper.ts ↔ helper-thread.ts). The
 * helper works on the analysis's shared WebAssembly memory (kernels/shared-heap.ts): requests carry
 * where things are in it, never the data itself.
 */
import type { SerializedError } from '../../../shared/errors';
import type { Matrix } from '../../../shared/imaging/matrix';
import type { Vec3Tuple } from '../../../shared/imaging/affine';
import type { BlockShare, SeedMapLayout } from '../kernels/seed-map-wasm';

/** What the helper thread is started with (its workerData). */
export const HELPER_ROLE = 'analysis-helper';

export type HelperTask =
  /** aCompCor of one tissue: its voxels' Gram and components (steps/tissue-gram.ts). */
  | { type: 'tissue'; layout: SeedMapLayout; V: number; members: Int32Array; components: number }
  /** A share of the seed map's coefficient product, in place (prepare(G) ran in the analysis). */
  | { type: 'coefficients'; layout: SeedMapLayout; V: number; K: number; share: BlockShare }
  /** Smoothing of coefficient rows k = first, first + step, … < K (steps/seed-to-voxel.ts). */
  | { type: 'smooth'; layout: SeedMapLayout; V: number; K: number; first: number; step: number; at: Int32Array; box: Vec3Tuple; affine: number[]; fwhmMm: number };

export type ToHelper =
  | { type: 'attach'; memory: WebAssembly.Memory; stopOffset: number }
  | { type: 'task'; id: number; task: HelperTask };

export type FromHelper =
  | { type: 'ready' }
  | { type: 'done'; id: number; tissue?: { voxels: number; components: Matrix | null } }
  | { type: 'failed'; id: number; error: SerializedError };
