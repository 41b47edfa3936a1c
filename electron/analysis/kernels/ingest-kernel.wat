;; The per-volume work of load-bold.ts ("stream voxels") in WebAssembly SIMD (f32x4 / f64x2), with
;; the same arithmetic as its TypeScript loop, so both give the same bits:
;;
;; addToMean(vol, meanSum, nonFiniteCount, n4)   — every voxel of the grid
;;   meanSum[i] += vol[i] where vol[i] is finite (f64), else nonFiniteCount[i] += 1 (u16).
;;   n4: voxels, a multiple of 4 (the caller pads vol with zeros).
;;
;; ingest(vol, kept, offset, row, prevRow, sum, sumSq, min, max, nonFinite, inBrain, V4, first, out)
;;   — the kept voxels j = 0 … V4 − 1 (V4 a multiple of 4; kept padded with 0):
;;   d = vol[kept[j]] − offset[j] in f32 when vol[kept[j]] is finite, else 0 and nonFinite[j] = 1;
;;   row[j] = d; sum[j] += d; sumSq[j] += d·d (f64); min[j] = d < min[j] ? d : min[j] (max likewise);
;;   and, in ascending j (one f64 sum each, as the TypeScript loop adds them), over inBrain[j] = 1:
;;   out[0] = Σ d, out[1] = Σ (d − prevRow[j])² (0 when `first`).
(module
  (import "env" "memory" (memory 1 65536 shared))
  (func (export "addToMean")
    (param $vol i32) (param $meanSum i32) (param $count i32) (param $n4 i32)
    (local $i i32) (local $x v128) (local $finite v128) (local $m i32) (local $p i32) (local $l i32)
    (local.set $i (i32.const 0))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $n4)))
        (local.set $x (v128.load align=4 (i32.add (local.get $vol) (i32.shl (local.get $i) (i32.const 2)))))
        ;; finite lanes: x − x == 0 (NaN − NaN and Inf − Inf are NaN)
        (local.set $finite (f32x4.eq (f32x4.sub (local.get $x) (local.get $x)) (v128.const f32x4 0 0 0 0)))
        (local.set $x (v128.and (local.get $x) (local.get $finite)))
        (local.set $m (i32.add (local.get $meanSum) (i32.shl (local.get $i) (i32.const 3))))
        (v128.store align=8 (local.get $m)
          (f64x2.add (v128.load align=8 (local.get $m)) (f64x2.promote_low_f32x4 (local.get $x))))
        (v128.store offset=16 align=8 (local.get $m)
          (f64x2.add (v128.load offset=16 align=8 (local.get $m))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))
        (if (i32.eqz (i32x4.all_true (local.get $finite)))
          (then
            (local.set $l (i32.const 0))
            (block $lDone
              (loop $lLoop
                (br_if $lDone (i32.ge_u (local.get $l) (i32.const 4)))
                (if (f32.ne
                      (f32.sub (f32.load (i32.add (local.get $vol) (i32.shl (i32.add (local.get $i) (local.get $l)) (i32.const 2))))
                               (f32.load (i32.add (local.get $vol) (i32.shl (i32.add (local.get $i) (local.get $l)) (i32.const 2)))))
                      (f32.const 0))
                  (then
                    (local.set $p (i32.add (local.get $count) (i32.shl (i32.add (local.get $i) (local.get $l)) (i32.const 1))))
                    (i32.store16 (local.get $p) (i32.add (i32.load16_u (local.get $p)) (i32.const 1)))))
                (local.set $l (i32.add (local.get $l) (i32.const 1)))
                (br $lLoop)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $loop))))

  (func (export "ingest")
    (param $vol i32) (param $kept i32) (param $offset i32) (param $row i32) (param $prevRow i32)
    (param $sum i32) (param $sumSq i32) (param $min i32) (param $max i32)
    (param $nonFinite i32) (param $inBrain i32) (param $V4 i32) (param $first i32) (param $out i32)
    (local $j i32) (local $k i32) (local $x v128) (local $d v128) (local $finite v128)
    (local $lo v128) (local $hi v128) (local $p i32) (local $l i32)
    (local $brainSum f64) (local $diffSquares f64) (local $dl f64) (local $step f64)
    (local.set $j (i32.const 0))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $j) (local.get $V4)))
        ;; gather the 4 voxels' values
        (local.set $k (i32.add (local.get $kept) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $x (f32x4.splat (f32.load (i32.add (local.get $vol) (i32.shl (i32.load (local.get $k)) (i32.const 2))))))
        (local.set $x (f32x4.replace_lane 1 (local.get $x)
          (f32.load (i32.add (local.get $vol) (i32.shl (i32.load offset=4 (local.get $k)) (i32.const 2))))))
        (local.set $x (f32x4.replace_lane 2 (local.get $x)
          (f32.load (i32.add (local.get $vol) (i32.shl (i32.load offset=8 (local.get $k)) (i32.const 2))))))
        (local.set $x (f32x4.replace_lane 3 (local.get $x)
          (f32.load (i32.add (local.get $vol) (i32.shl (i32.load offset=12 (local.get $k)) (i32.const 2))))))
        (local.set $finite (f32x4.eq (f32x4.sub (local.get $x) (local.get $x)) (v128.const f32x4 0 0 0 0)))
        (local.set $p (i32.shl (local.get $j) (i32.const 2)))
        (local.set $d (v128.and
          (f32x4.sub (local.get $x) (v128.load (i32.add (local.get $offset) (local.get $p))))
          (local.get $finite)))
        (if (i32.eqz (i32x4.all_true (local.get $finite)))
          (then
            (local.set $l (i32.const 0))
            (block $lDone
              (loop $lLoop
                (br_if $lDone (i32.ge_u (local.get $l) (i32.const 4)))
                (if (f32.ne
                      (f32.sub (f32.load (i32.add (local.get $vol) (i32.shl (i32.load (i32.add (local.get $k) (i32.shl (local.get $l) (i32.const 2)))) (i32.const 2))))
                               (f32.load (i32.add (local.get $vol) (i32.shl (i32.load (i32.add (local.get $k) (i32.shl (local.get $l) (i32.const 2)))) (i32.const 2)))))
                      (f32.const 0))
                  (then (i32.store8 (i32.add (local.get $nonFinite) (i32.add (local.get $j) (local.get $l))) (i32.const 1))))
                (local.set $l (i32.add (local.get $l) (i32.const 1)))
                (br $lLoop)))))
        (v128.store (i32.add (local.get $row) (local.get $p)) (local.get $d))
        (v128.store (i32.add (local.get $min) (local.get $p))
          (f32x4.pmin (v128.load (i32.add (local.get $min) (local.get $p))) (local.get $d)))
        (v128.store (i32.add (local.get $max) (local.get $p))
          (f32x4.pmax (v128.load (i32.add (local.get $max) (local.get $p))) (local.get $d)))
        ;; f64 sums per voxel
        (local.set $lo (f64x2.promote_low_f32x4 (local.get $d)))
        (local.set $hi (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d) (local.get $d))))
        (local.set $p (i32.shl (local.get $j) (i32.const 3)))
        (local.set $k (i32.add (local.get $sum) (local.get $p)))
        (v128.store (local.get $k) (f64x2.add (v128.load (local.get $k)) (local.get $lo)))
        (v128.store offset=16 (local.get $k) (f64x2.add (v128.load offset=16 (local.get $k)) (local.get $hi)))
        (local.set $k (i32.add (local.get $sumSq) (local.get $p)))
        (v128.store (local.get $k) (f64x2.add (v128.load (local.get $k)) (f64x2.mul (local.get $lo) (local.get $lo))))
        (v128.store offset=16 (local.get $k) (f64x2.add (v128.load offset=16 (local.get $k)) (f64x2.mul (local.get $hi) (local.get $hi))))
        ;; brain sums, lane by lane in ascending order
        (local.set $l (i32.const 0))
        (block $bDone
          (loop $bLoop
            (br_if $bDone (i32.ge_u (local.get $l) (i32.const 4)))
            (if (i32.load8_u (i32.add (local.get $inBrain) (i32.add (local.get $j) (local.get $l))))
              (then
                (local.set $dl (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (i32.add (local.get $j) (local.get $l)) (i32.const 2))))))
                (local.set $brainSum (f64.add (local.get $brainSum) (local.get $dl)))
                (if (i32.eqz (local.get $first))
                  (then
                    (local.set $step (f64.sub (local.get $dl)
                      (f64.promote_f32 (f32.load (i32.add (local.get $prevRow) (i32.shl (i32.add (local.get $j) (local.get $l)) (i32.const 2)))))))
                    (local.set $diffSquares (f64.add (local.get $diffSquares) (f64.mul (local.get $step) (local.get $step))))))))
            (local.set $l (i32.add (local.get $l) (i32.const 1)))
            (br $bLoop)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $loop)))
    (f64.store (local.get $out) (local.get $brainSum))
    (f64.store offset=8 (local.get $out) (local.get $diffSquares))))
