;; The seed-to-voxel smoothing's separable Gaussian in WebAssembly SIMD (f32x4), on a volume whose
;; x lines are stored with `half` zeros on each side and padded to a multiple of 4 floats (the
;; stride), so that every pass runs on contiguous vectors:
;;
;; convolveLines(src, dst, lines, strideBytes, outBytes, halfBytes, k, taps, scale)   — along x
;;   for every line: dst[half + i] = scale[i] · Σ_j k[j] · src[i + j]   (i = 0 … outBytes/4 − 1,
;;   4 at a time; the zero padding makes the sum run over the voxels inside the grid only).
;;   scale: outBytes/4 floats, 0 beyond the grid so the padding stays 0.
;;
;; convolveRows(src, dst, n, rowBytes, outer, slabBytes, weights, half)   — along y or z
;;   rows of `rowBytes` (a multiple of 16), n rows per slab, `outer` slabs `slabBytes` apart:
;;   dst row i = Σ_{j = max(0, i−half)}^{min(n−1, i+half)} weights[i][j − i + half] · src row j,
;;   weights: n × (2·half + 1) floats (the kernel times the edge renormalisation of row i).
(module
  (import "env" "memory" (memory 1))
  (func (export "convolveLines")
    (param $src i32) (param $dst i32) (param $lines i32) (param $strideBytes i32) (param $outBytes i32)
    (param $halfBytes i32) (param $k i32) (param $taps i32) (param $scale i32)
    (local $l i32) (local $i i32) (local $j i32) (local $p i32) (local $kp i32) (local $acc v128)
    (local.set $l (i32.const 0))
    (block $lDone
      (loop $lLoop
        (br_if $lDone (i32.ge_u (local.get $l) (local.get $lines)))
        (local.set $i (i32.const 0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $outBytes)))
            (local.set $acc (v128.const f32x4 0 0 0 0))
            (local.set $p (i32.add (local.get $src) (local.get $i)))
            (local.set $kp (local.get $k))
            (local.set $j (i32.const 0))
            (block $jDone
              (loop $jLoop
                (br_if $jDone (i32.ge_u (local.get $j) (local.get $taps)))
                (local.set $acc (f32x4.add (local.get $acc)
                  (f32x4.mul (v128.load align=4 (local.get $p)) (f32x4.splat (f32.load (local.get $kp))))))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (local.set $kp (i32.add (local.get $kp) (i32.const 4)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $jLoop)))
            (v128.store align=4 (i32.add (i32.add (local.get $dst) (local.get $halfBytes)) (local.get $i))
              (f32x4.mul (local.get $acc) (v128.load align=4 (i32.add (local.get $scale) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $iLoop)))
        (local.set $src (i32.add (local.get $src) (local.get $strideBytes)))
        (local.set $dst (i32.add (local.get $dst) (local.get $strideBytes)))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $lLoop))))
  (func (export "convolveRows")
    (param $src i32) (param $dst i32) (param $n i32) (param $rowBytes i32) (param $outer i32)
    (param $slabBytes i32) (param $weights i32) (param $half i32)
    (local $o i32) (local $i i32) (local $j i32) (local $j0 i32) (local $j1 i32) (local $p i32)
    (local $q i32) (local $wp i32) (local $wBase i32) (local $srcSlab i32) (local $dstRow i32)
    (local $taps i32) (local $acc v128)
    (local.set $taps (i32.add (i32.shl (local.get $half) (i32.const 1)) (i32.const 1)))
    (local.set $o (i32.const 0))
    (block $oDone
      (loop $oLoop
        (br_if $oDone (i32.ge_u (local.get $o) (local.get $outer)))
        (local.set $srcSlab (i32.add (local.get $src) (i32.mul (local.get $o) (local.get $slabBytes))))
        (local.set $i (i32.const 0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $j0 (select (i32.sub (local.get $i) (local.get $half)) (i32.const 0)
              (i32.gt_s (local.get $i) (local.get $half))))
            (local.set $j1 (i32.add (local.get $i) (local.get $half)))
            (if (i32.ge_s (local.get $j1) (local.get $n)) (then (local.set $j1 (i32.sub (local.get $n) (i32.const 1)))))
            (local.set $wBase (i32.add (local.get $weights)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $taps))
                (i32.add (i32.sub (local.get $j0) (local.get $i)) (local.get $half))) (i32.const 2))))
            (local.set $dstRow (i32.add (i32.add (local.get $dst) (i32.mul (local.get $o) (local.get $slabBytes)))
              (i32.mul (local.get $i) (local.get $rowBytes))))
            (local.set $p (i32.const 0))
            (block $pDone
              (loop $pLoop
                (br_if $pDone (i32.ge_u (local.get $p) (local.get $rowBytes)))
                (local.set $acc (v128.const f32x4 0 0 0 0))
                (local.set $q (i32.add (i32.add (local.get $srcSlab) (i32.mul (local.get $j0) (local.get $rowBytes))) (local.get $p)))
                (local.set $wp (local.get $wBase))
                (local.set $j (local.get $j0))
                (block $jDone
                  (loop $jLoop
                    (br_if $jDone (i32.gt_s (local.get $j) (local.get $j1)))
                    (local.set $acc (f32x4.add (local.get $acc)
                      (f32x4.mul (v128.load (local.get $q)) (f32x4.splat (f32.load (local.get $wp))))))
                    (local.set $q (i32.add (local.get $q) (local.get $rowBytes)))
                    (local.set $wp (i32.add (local.get $wp) (i32.const 4)))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $jLoop)))
                (v128.store (i32.add (local.get $dstRow) (local.get $p)) (local.get $acc))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $pLoop)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $iLoop)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $oLoop)))))
