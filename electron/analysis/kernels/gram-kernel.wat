;; aCompCor's N × N sums in WebAssembly SIMD (f64x2): G[i][j] += Σ_v Y[i][v] · Y[j][v] for j ≥ i.
;; gram(y, g, n, rowBytes, countBytes, gRowBytes):
;;   y : rows of `rowBytes` bytes (float64 voxel values of one block, row t = scan t); rows n … n2−1
;;       (n2 = n rounded up to even) must exist and be zero
;;   g : n2 rows of `gRowBytes` bytes (float64), upper triangle accumulated in 2 × 2 tiles
;;   countBytes: bytes of voxels per row to use, a multiple of 16 (zero-padded by the caller)
;; Each tile loads rows i, i+1, j, j+1 two voxels at a time and does 4 products per load.
(module
  (import "env" "memory" (memory 1))
  (func $addLanes (param $p i32) (param $s v128)
    (f64.store (local.get $p)
      (f64.add (f64.load (local.get $p))
        (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))))
  (func (export "gram")
    (param $y i32) (param $g i32) (param $n i32) (param $rowBytes i32) (param $countBytes i32) (param $gRowBytes i32)
    (local $i i32) (local $j i32) (local $v i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $b1 i32) (local $gp i32)
    (local $x0 v128) (local $x1 v128) (local $y0 v128) (local $y1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local.set $i (i32.const 0))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a0 (i32.add (local.get $y) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $rowBytes)))
        (local.set $j (local.get $i))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $b0 (i32.add (local.get $y) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $rowBytes)))
            (local.set $s00 (v128.const f64x2 0 0))
            (local.set $s01 (v128.const f64x2 0 0))
            (local.set $s10 (v128.const f64x2 0 0))
            (local.set $s11 (v128.const f64x2 0 0))
            (local.set $v (i32.const 0))
            (block $vDone
              (loop $vLoop
                (br_if $vDone (i32.ge_u (local.get $v) (local.get $countBytes)))
                (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $v))))
                (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $v))))
                (local.set $y0 (v128.load (i32.add (local.get $b0) (local.get $v))))
                (local.set $y1 (v128.load (i32.add (local.get $b1) (local.get $v))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x0) (local.get $y0))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x0) (local.get $y1))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x1) (local.get $y0))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x1) (local.get $y1))))
                (local.set $v (i32.add (local.get $v) (i32.const 16)))
                (br $vLoop)))
            (local.set $gp (i32.add (local.get $g)
              (i32.add (i32.mul (local.get $i) (local.get $gRowBytes)) (i32.shl (local.get $j) (i32.const 3)))))
            (call $addLanes (local.get $gp) (local.get $s00))
            (call $addLanes (i32.add (local.get $gp) (i32.const 8)) (local.get $s01))
            (call $addLanes (i32.add (local.get $gp) (local.get $gRowBytes)) (local.get $s10))
            (call $addLanes (i32.add (i32.add (local.get $gp) (local.get $gRowBytes)) (i32.const 8)) (local.get $s11))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $iLoop)))))
