;; The seed map's hot loop, C += Gᵀ-block × D-block, in WebAssembly SIMD (f32x4).
;; accumulate(c, gT, d, K4, N, nbBytes, rowBytes, strideBytes):
;;   c  : K4 rows of `strideBytes` bytes (f32 coefficients of the block's voxels, row k = coefficient k)
;;   gT : N rows of K4 f32 (the cleaning operator G transposed, zero-padded to K4 = multiple of 4)
;;   d  : N rows of `rowBytes` bytes (the time-major data), starting at the block's first voxel
;;   nbBytes: bytes of voxels in the block, a multiple of 16 (the caller pads the data's end)
;; For every scan t and every 4 coefficients k..k+3, each 4 voxels are loaded once and used 4 times.
(module
  (import "env" "memory" (memory 1 65536 shared))
  (func (export "accumulate")
    (param $c i32) (param $gT i32) (param $d i32) (param $K4 i32) (param $N i32)
    (param $nbBytes i32) (param $rowBytes i32) (param $strideBytes i32)
    (local $t i32) (local $k i32) (local $i i32)
    (local $dRow i32) (local $gp i32) (local $cRow i32) (local $c0 i32)
    (local $x v128) (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $g3 v128)
    (local.set $dRow (local.get $d))
    (local.set $gp (local.get $gT))
    (local.set $t (i32.const 0))
    (block $tDone
      (loop $tLoop
        (br_if $tDone (i32.ge_u (local.get $t) (local.get $N)))
        (local.set $k (i32.const 0))
        (local.set $cRow (local.get $c))
        (block $kDone
          (loop $kLoop
            (br_if $kDone (i32.ge_u (local.get $k) (local.get $K4)))
            (local.set $g0 (f32x4.splat (f32.load (local.get $gp))))
            (local.set $g1 (f32x4.splat (f32.load offset=4 (local.get $gp))))
            (local.set $g2 (f32x4.splat (f32.load offset=8 (local.get $gp))))
            (local.set $g3 (f32x4.splat (f32.load offset=12 (local.get $gp))))
            (local.set $i (i32.const 0))
            (block $iDone
              (loop $iLoop
                (br_if $iDone (i32.ge_u (local.get $i) (local.get $nbBytes)))
                (local.set $x (v128.load align=4 (i32.add (local.get $dRow) (local.get $i))))
                (local.set $c0 (i32.add (local.get $cRow) (local.get $i)))
                (v128.store (local.get $c0)
                  (f32x4.add (v128.load (local.get $c0)) (f32x4.mul (local.get $x) (local.get $g0))))
                (local.set $c0 (i32.add (local.get $c0) (local.get $strideBytes)))
                (v128.store (local.get $c0)
                  (f32x4.add (v128.load (local.get $c0)) (f32x4.mul (local.get $x) (local.get $g1))))
                (local.set $c0 (i32.add (local.get $c0) (local.get $strideBytes)))
                (v128.store (local.get $c0)
                  (f32x4.add (v128.load (local.get $c0)) (f32x4.mul (local.get $x) (local.get $g2))))
                (local.set $c0 (i32.add (local.get $c0) (local.get $strideBytes)))
                (v128.store (local.get $c0)
                  (f32x4.add (v128.load (local.get $c0)) (f32x4.mul (local.get $x) (local.get $g3))))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $iLoop)))
            (local.set $cRow (i32.add (local.get $cRow) (i32.shl (local.get $strideBytes) (i32.const 2))))
            (local.set $gp (i32.add (local.get $gp) (i32.const 16)))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $kLoop)))
        (local.set $dRow (i32.add (local.get $dRow) (local.get $rowBytes)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tLoop)))))
