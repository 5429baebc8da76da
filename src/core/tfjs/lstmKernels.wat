;; WebAssembly SIMD kernels of the fused LSTM (src/core/tfjs/fusedLstm.ts, lstmMath.ts), four floats per
;; instruction: V8 does not vectorise JavaScript, and these run 3–10× faster than the best plain-JS loops.
;; This file is their source: `npm run wasm` assembles it (wabt's wat2wasm) into lstmKernelsWasm.ts, which
;; wasmSimd.ts instantiates; a unit test assembles it again and compares.
;;
;; All pointers are byte offsets into the module's own memory (wasmSimd.ts's Workspace hands out views of it).
;;   gemm(a, aRow, aInner, b, c, rows, inner, n, accumulate)
;;     for i < rows, for each 16- (then 4-) column block j of C's row i:
;;       acc = accumulate ? C[i, j..] : 0;  for q < inner: acc += splat(A[i·aRow + q·aInner]) · B[q, j..];  C[i, j..] = acc
;;     which is C (+)= A·B with aRow = K, aInner = 1, and C (+)= Aᵀ·B with aRow = 1, aInner = K (n % 4 = 0).
;;   lstmCellForward(z, bias, cPrev, tanhC, cNew, hNew, rows, units)
;;     z (rows×4H pre-activations) becomes the gates i, f, g, o; c = f·cPrev + i·g; tanhC = tanh c; h = o·tanh c.
;;   lstmCellBackward(gates, tanhC, cPrev, dh, dc, dz, rows, units)
;;     dz (rows×4H) = the pre-activation gradients; dc becomes dc·f, the gradient of the previous cell state.
;; tanh is a rational approximation (Eigen's float tanh, |error| < 3e-7); sigmoid(x) = (1 + tanh(x/2)) / 2.
;; Every expression is written out where it is used (WebAssembly text has no macros): the tanh polynomial
;; appears once per gate, as the kernels ran when they were assembled byte by byte.
(module
  (type $gemmType (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32)))
  (type $cellType (func (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (func $gemm (type $gemmType)
      (param $a i32) (param $aRow i32) (param $aInner i32) (param $b i32) (param $c i32) (param $rows i32) (param $inner i32) (param $n i32) (param $accumulate i32)
    (local $i i32) (local $j i32) (local $q i32) (local $ap i32) (local $bp i32) (local $cp i32) (local $aInnerBytes i32) (local $nBytes i32) (local $ap2 i32) (local $cp2 i32)
    (local $av0 v128) (local $av1 v128) (local $bv0 v128) (local $bv1 v128) (local $bv2 v128) (local $bv3 v128) (local $acc00 v128) (local $acc01 v128)
    (local $acc02 v128) (local $acc03 v128) (local $acc10 v128) (local $acc11 v128) (local $acc12 v128) (local $acc13 v128)
    ;; Byte strides: from A[i, q] to A[i, q + 1], and from one row of B or C to the next.
    local.get $aInner  i32.const 4  i32.mul  local.set $aInnerBytes
    local.get $n  i32.const 4  i32.mul  local.set $nBytes
    i32.const 0  local.set $i
    ;; Rows of C in pairs: each vector of B loaded serves both rows, which keeps the product memory-light.
    block $pairsDone
      loop $pairs
        local.get $i  i32.const 2  i32.add  local.get $rows  i32.gt_s  br_if $pairsDone
        i32.const 0  local.set $j
        ;; 16 columns at a time: 4 vectors of accumulators per row.
        block $pair16Done
          loop $pair16
            local.get $j  i32.const 16  i32.add  local.get $n  i32.gt_s  br_if $pair16Done
            ;; cp = &C[i, j], cp2 = &C[i + 1, j]
            local.get $c  local.get $i  local.get $n  i32.mul  local.get $j  i32.add  i32.const 4  i32.mul  i32.add  local.set $cp
            local.get $cp  local.get $nBytes  i32.add  local.set $cp2
            ;; acc = accumulate ? C[i, j..] : 0
            local.get $accumulate
            if
              local.get $cp  v128.load  local.set $acc00
              local.get $cp  v128.load offset=16  local.set $acc01
              local.get $cp  v128.load offset=32  local.set $acc02
              local.get $cp  v128.load offset=48  local.set $acc03
              local.get $cp2  v128.load  local.set $acc10
              local.get $cp2  v128.load offset=16  local.set $acc11
              local.get $cp2  v128.load offset=32  local.set $acc12
              local.get $cp2  v128.load offset=48  local.set $acc13
            else
              v128.const f32x4 0 0 0 0  local.set $acc00
              v128.const f32x4 0 0 0 0  local.set $acc01
              v128.const f32x4 0 0 0 0  local.set $acc02
              v128.const f32x4 0 0 0 0  local.set $acc03
              v128.const f32x4 0 0 0 0  local.set $acc10
              v128.const f32x4 0 0 0 0  local.set $acc11
              v128.const f32x4 0 0 0 0  local.set $acc12
              v128.const f32x4 0 0 0 0  local.set $acc13
            end
            ;; ap = &A[i, 0], ap2 = &A[i + 1, 0], bp = &B[0, j]
            local.get $a  local.get $i  local.get $aRow  i32.mul  i32.const 4  i32.mul  i32.add  local.set $ap
            local.get $ap  local.get $aRow  i32.const 4  i32.mul  i32.add  local.set $ap2
            local.get $b  local.get $j  i32.const 4  i32.mul  i32.add  local.set $bp
            i32.const 0  local.set $q
            ;; for q < inner: acc += splat(A[i, q]) · B[q, j..]
            block $pair16InnerDone
              loop $pair16Inner
                local.get $q  local.get $inner  i32.ge_s  br_if $pair16InnerDone
                local.get $ap  f32.load  f32x4.splat  local.set $av0
                local.get $ap2  f32.load  f32x4.splat  local.set $av1
                local.get $bp  v128.load  local.set $bv0
                local.get $bp  v128.load offset=16  local.set $bv1
                local.get $bp  v128.load offset=32  local.set $bv2
                local.get $bp  v128.load offset=48  local.set $bv3
                local.get $acc00  local.get $av0  local.get $bv0  f32x4.mul  f32x4.add  local.set $acc00
                local.get $acc01  local.get $av0  local.get $bv1  f32x4.mul  f32x4.add  local.set $acc01
                local.get $acc02  local.get $av0  local.get $bv2  f32x4.mul  f32x4.add  local.set $acc02
                local.get $acc03  local.get $av0  local.get $bv3  f32x4.mul  f32x4.add  local.set $acc03
                local.get $acc10  local.get $av1  local.get $bv0  f32x4.mul  f32x4.add  local.set $acc10
                local.get $acc11  local.get $av1  local.get $bv1  f32x4.mul  f32x4.add  local.set $acc11
                local.get $acc12  local.get $av1  local.get $bv2  f32x4.mul  f32x4.add  local.set $acc12
                local.get $acc13  local.get $av1  local.get $bv3  f32x4.mul  f32x4.add  local.set $acc13
                local.get $ap  local.get $aInnerBytes  i32.add  local.set $ap
                local.get $ap2  local.get $aInnerBytes  i32.add  local.set $ap2
                local.get $bp  local.get $nBytes  i32.add  local.set $bp
                local.get $q  i32.const 1  i32.add  local.set $q
                br $pair16Inner
              end
            end
            ;; C[i, j..] = acc
            local.get $cp  local.get $acc00  v128.store
            local.get $cp  local.get $acc01  v128.store offset=16
            local.get $cp  local.get $acc02  v128.store offset=32
            local.get $cp  local.get $acc03  v128.store offset=48
            local.get $cp2  local.get $acc10  v128.store
            local.get $cp2  local.get $acc11  v128.store offset=16
            local.get $cp2  local.get $acc12  v128.store offset=32
            local.get $cp2  local.get $acc13  v128.store offset=48
            local.get $j  i32.const 16  i32.add  local.set $j
            br $pair16
          end
        end
        ;; Then 4 columns at a time (n is a multiple of 4).
        block $pair4Done
          loop $pair4
            local.get $j  i32.const 4  i32.add  local.get $n  i32.gt_s  br_if $pair4Done
            ;; cp = &C[i, j], cp2 = &C[i + 1, j]
            local.get $c  local.get $i  local.get $n  i32.mul  local.get $j  i32.add  i32.const 4  i32.mul  i32.add  local.set $cp
            local.get $cp  local.get $nBytes  i32.add  local.set $cp2
            ;; acc = accumulate ? C[i, j..] : 0
            local.get $accumulate
            if
              local.get $cp  v128.load  local.set $acc00
              local.get $cp2  v128.load  local.set $acc10
            else
              v128.const f32x4 0 0 0 0  local.set $acc00
              v128.const f32x4 0 0 0 0  local.set $acc10
            end
            ;; ap = &A[i, 0], ap2 = &A[i + 1, 0], bp = &B[0, j]
            local.get $a  local.get $i  local.get $aRow  i32.mul  i32.const 4  i32.mul  i32.add  local.set $ap
            local.get $ap  local.get $aRow  i32.const 4  i32.mul  i32.add  local.set $ap2
            local.get $b  local.get $j  i32.const 4  i32.mul  i32.add  local.set $bp
            i32.const 0  local.set $q
            ;; for q < inner: acc += splat(A[i, q]) · B[q, j..]
            block $pair4InnerDone
              loop $pair4Inner
                local.get $q  local.get $inner  i32.ge_s  br_if $pair4InnerDone
                local.get $ap  f32.load  f32x4.splat  local.set $av0
                local.get $ap2  f32.load  f32x4.splat  local.set $av1
                local.get $bp  v128.load  local.set $bv0
                local.get $acc00  local.get $av0  local.get $bv0  f32x4.mul  f32x4.add  local.set $acc00
                local.get $acc10  local.get $av1  local.get $bv0  f32x4.mul  f32x4.add  local.set $acc10
                local.get $ap  local.get $aInnerBytes  i32.add  local.set $ap
                local.get $ap2  local.get $aInnerBytes  i32.add  local.set $ap2
                local.get $bp  local.get $nBytes  i32.add  local.set $bp
                local.get $q  i32.const 1  i32.add  local.set $q
                br $pair4Inner
              end
            end
            ;; C[i, j..] = acc
            local.get $cp  local.get $acc00  v128.store
            local.get $cp2  local.get $acc10  v128.store
            local.get $j  i32.const 4  i32.add  local.set $j
            br $pair4
          end
        end
        local.get $i  i32.const 2  i32.add  local.set $i
        br $pairs
      end
    end
    ;; The odd row out, when rows is odd: the same with one row (ap2 and cp2 are computed, not used).
    block $lastDone
      loop $last
        local.get $i  local.get $rows  i32.ge_s  br_if $lastDone
        i32.const 0  local.set $j
        ;; 16 columns at a time: 4 vectors of accumulators per row.
        block $last16Done
          loop $last16
            local.get $j  i32.const 16  i32.add  local.get $n  i32.gt_s  br_if $last16Done
            ;; cp = &C[i, j], cp2 = &C[i + 1, j]
            local.get $c  local.get $i  local.get $n  i32.mul  local.get $j  i32.add  i32.const 4  i32.mul  i32.add  local.set $cp
            local.get $cp  local.get $nBytes  i32.add  local.set $cp2
            ;; acc = accumulate ? C[i, j..] : 0
            local.get $accumulate
            if
              local.get $cp  v128.load  local.set $acc00
              local.get $cp  v128.load offset=16  local.set $acc01
              local.get $cp  v128.load offset=32  local.set $acc02
              local.get $cp  v128.load offset=48  local.set $acc03
            else
              v128.const f32x4 0 0 0 0  local.set $acc00
              v128.const f32x4 0 0 0 0  local.set $acc01
              v128.const f32x4 0 0 0 0  local.set $acc02
              v128.const f32x4 0 0 0 0  local.set $acc03
            end
            ;; ap = &A[i, 0], ap2 = &A[i + 1, 0], bp = &B[0, j]
            local.get $a  local.get $i  local.get $aRow  i32.mul  i32.const 4  i32.mul  i32.add  local.set $ap
            local.get $ap  local.get $aRow  i32.const 4  i32.mul  i32.add  local.set $ap2
            local.get $b  local.get $j  i32.const 4  i32.mul  i32.add  local.set $bp
            i32.const 0  local.set $q
            ;; for q < inner: acc += splat(A[i, q]) · B[q, j..]
            block $last16InnerDone
              loop $last16Inner
                local.get $q  local.get $inner  i32.ge_s  br_if $last16InnerDone
                local.get $ap  f32.load  f32x4.splat  local.set $av0
                local.get $bp  v128.load  local.set $bv0
                local.get $bp  v128.load offset=16  local.set $bv1
                local.get $bp  v128.load offset=32  local.set $bv2
                local.get $bp  v128.load offset=48  local.set $bv3
                local.get $acc00  local.get $av0  local.get $bv0  f32x4.mul  f32x4.add  local.set $acc00
                local.get $acc01  local.get $av0  local.get $bv1  f32x4.mul  f32x4.add  local.set $acc01
                local.get $acc02  local.get $av0  local.get $bv2  f32x4.mul  f32x4.add  local.set $acc02
                local.get $acc03  local.get $av0  local.get $bv3  f32x4.mul  f32x4.add  local.set $acc03
                local.get $ap  local.get $aInnerBytes  i32.add  local.set $ap
                local.get $bp  local.get $nBytes  i32.add  local.set $bp
                local.get $q  i32.const 1  i32.add  local.set $q
                br $last16Inner
              end
            end
            ;; C[i, j..] = acc
            local.get $cp  local.get $acc00  v128.store
            local.get $cp  local.get $acc01  v128.store offset=16
            local.get $cp  local.get $acc02  v128.store offset=32
            local.get $cp  local.get $acc03  v128.store offset=48
            local.get $j  i32.const 16  i32.add  local.set $j
            br $last16
          end
        end
        ;; Then 4 columns at a time (n is a multiple of 4).
        block $last4Done
          loop $last4
            local.get $j  i32.const 4  i32.add  local.get $n  i32.gt_s  br_if $last4Done
            ;; cp = &C[i, j], cp2 = &C[i + 1, j]
            local.get $c  local.get $i  local.get $n  i32.mul  local.get $j  i32.add  i32.const 4  i32.mul  i32.add  local.set $cp
            local.get $cp  local.get $nBytes  i32.add  local.set $cp2
            ;; acc = accumulate ? C[i, j..] : 0
            local.get $accumulate
            if
              local.get $cp  v128.load  local.set $acc00
            else
              v128.const f32x4 0 0 0 0  local.set $acc00
            end
            ;; ap = &A[i, 0], ap2 = &A[i + 1, 0], bp = &B[0, j]
            local.get $a  local.get $i  local.get $aRow  i32.mul  i32.const 4  i32.mul  i32.add  local.set $ap
            local.get $ap  local.get $aRow  i32.const 4  i32.mul  i32.add  local.set $ap2
            local.get $b  local.get $j  i32.const 4  i32.mul  i32.add  local.set $bp
            i32.const 0  local.set $q
            ;; for q < inner: acc += splat(A[i, q]) · B[q, j..]
            block $last4InnerDone
              loop $last4Inner
                local.get $q  local.get $inner  i32.ge_s  br_if $last4InnerDone
                local.get $ap  f32.load  f32x4.splat  local.set $av0
                local.get $bp  v128.load  local.set $bv0
                local.get $acc00  local.get $av0  local.get $bv0  f32x4.mul  f32x4.add  local.set $acc00
                local.get $ap  local.get $aInnerBytes  i32.add  local.set $ap
                local.get $bp  local.get $nBytes  i32.add  local.set $bp
                local.get $q  i32.const 1  i32.add  local.set $q
                br $last4Inner
              end
            end
            ;; C[i, j..] = acc
            local.get $cp  local.get $acc00  v128.store
            local.get $j  i32.const 4  i32.add  local.set $j
            br $last4
          end
        end
        local.get $i  i32.const 1  i32.add  local.set $i
        br $last
      end
    end)
  (func $lstmCellForward (type $cellType)
      (param $z i32) (param $bias i32) (param $cPrev i32) (param $tanhC i32) (param $cNew i32) (param $hNew i32) (param $rows i32) (param $units i32)
    (local $r i32) (local $j i32) (local $zp i32) (local $bp i32) (local $hp i32) (local $h4 i32) (local $rowZ i32) (local $rowH i32)
    (local $vi v128) (local $vf v128) (local $vg v128) (local $vo v128) (local $vc v128) (local $vx v128) (local $vx2 v128)
    ;; h4 = units·4 bytes: from one gate to the next within a row of z (a row is i | f | g | o, units floats each).
    local.get $units  i32.const 2  i32.shl  local.set $h4
    i32.const 0  local.set $r
    block $rowsDone
      loop $eachRow
        local.get $r  local.get $rows  i32.ge_s  br_if $rowsDone
        ;; rowZ = &z[r, 0] (a row is 4 gates × units floats); rowH = r·units·4, row r of cPrev, tanhC, cNew, hNew
        local.get $z  local.get $r  local.get $units  i32.mul  i32.const 4  i32.shl  i32.add  local.set $rowZ
        local.get $r  local.get $units  i32.mul  i32.const 2  i32.shl  local.set $rowH
        i32.const 0  local.set $j
        block $unitsDone
          loop $eachFourUnits
            local.get $j  local.get $units  i32.ge_s  br_if $unitsDone
            ;; zp, bp, hp: units j..j+3 of the first gate in z and in bias, and in cPrev, tanhC, cNew, hNew
            local.get $rowZ  local.get $j  i32.const 2  i32.shl  i32.add  local.set $zp
            local.get $bias  local.get $j  i32.const 2  i32.shl  i32.add  local.set $bp
            local.get $rowH  local.get $j  i32.const 2  i32.shl  i32.add  local.set $hp
            ;; i = sigmoid(z_i + b_i) = 0.5 + 0.5·tanh(0.5·(z_i + b_i)): the outer 0.5 and 0.5 wait on the stack
            ;; tanh(x) clamps x to ±7.9988117, then takes x·p(x²) / q(x²) (Eigen's float tanh, |error| < 3e-7)
            v128.const f32x4 0.5 0.5 0.5 0.5  v128.const f32x4 0.5 0.5 0.5 0.5  local.get $zp  v128.load  local.get $bp  v128.load  f32x4.add
            v128.const f32x4 0.5 0.5 0.5 0.5  f32x4.mul  v128.const f32x4 7.9988117 7.9988117 7.9988117 7.9988117  f32x4.min
            v128.const f32x4 -7.9988117 -7.9988117 -7.9988117 -7.9988117  f32x4.max  local.set $vx
            local.get $vx  local.get $vx  f32x4.mul  local.set $vx2
            ;; p(x²), by Horner
            v128.const f32x4 -2.7607684e-16 -2.7607684e-16 -2.7607684e-16 -2.7607684e-16  local.get $vx2  f32x4.mul  v128.const f32x4 2.000188e-13 2.000188e-13 2.000188e-13 2.000188e-13  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 -8.604672e-11 -8.604672e-11 -8.604672e-11 -8.604672e-11  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 5.1222973e-8 5.1222973e-8 5.1222973e-8 5.1222973e-8  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0000148572235 0.0000148572235 0.0000148572235 0.0000148572235  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.00063726195 0.00063726195 0.00063726195 0.00063726195  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0048935246 0.0048935246 0.0048935246 0.0048935246  f32x4.add
            ;; ·x, then q(x²), by Horner, and the division
            local.get $vx  f32x4.mul  v128.const f32x4 0.0000011982584 0.0000011982584 0.0000011982584 0.0000011982584  local.get $vx2  f32x4.mul  v128.const f32x4 0.00011853471 0.00011853471 0.00011853471 0.00011853471  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0022684347 0.0022684347 0.0022684347 0.0022684347  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.004893525 0.004893525 0.004893525 0.004893525  f32x4.add
            f32x4.div
            f32x4.mul  f32x4.add  local.set $vi
            ;; f = sigmoid(z_f + b_f) = 0.5 + 0.5·tanh(0.5·(z_f + b_f)): the outer 0.5 and 0.5 wait on the stack
            v128.const f32x4 0.5 0.5 0.5 0.5  v128.const f32x4 0.5 0.5 0.5 0.5  local.get $zp  local.get $h4  i32.const 1  i32.mul  i32.add  v128.load  local.get $bp  local.get $h4  i32.const 1  i32.mul  i32.add  v128.load  f32x4.add
            v128.const f32x4 0.5 0.5 0.5 0.5  f32x4.mul  v128.const f32x4 7.9988117 7.9988117 7.9988117 7.9988117  f32x4.min
            v128.const f32x4 -7.9988117 -7.9988117 -7.9988117 -7.9988117  f32x4.max  local.set $vx
            local.get $vx  local.get $vx  f32x4.mul  local.set $vx2
            ;; p(x²), by Horner
            v128.const f32x4 -2.7607684e-16 -2.7607684e-16 -2.7607684e-16 -2.7607684e-16  local.get $vx2  f32x4.mul  v128.const f32x4 2.000188e-13 2.000188e-13 2.000188e-13 2.000188e-13  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 -8.604672e-11 -8.604672e-11 -8.604672e-11 -8.604672e-11  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 5.1222973e-8 5.1222973e-8 5.1222973e-8 5.1222973e-8  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0000148572235 0.0000148572235 0.0000148572235 0.0000148572235  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.00063726195 0.00063726195 0.00063726195 0.00063726195  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0048935246 0.0048935246 0.0048935246 0.0048935246  f32x4.add
            ;; ·x, then q(x²), by Horner, and the division
            local.get $vx  f32x4.mul  v128.const f32x4 0.0000011982584 0.0000011982584 0.0000011982584 0.0000011982584  local.get $vx2  f32x4.mul  v128.const f32x4 0.00011853471 0.00011853471 0.00011853471 0.00011853471  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0022684347 0.0022684347 0.0022684347 0.0022684347  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.004893525 0.004893525 0.004893525 0.004893525  f32x4.add
            f32x4.div
            f32x4.mul  f32x4.add  local.set $vf
            ;; g = tanh(z_g + b_g)
            local.get $zp  local.get $h4  i32.const 2  i32.mul  i32.add  v128.load  local.get $bp  local.get $h4  i32.const 2  i32.mul  i32.add  v128.load  f32x4.add
            v128.const f32x4 7.9988117 7.9988117 7.9988117 7.9988117  f32x4.min
            v128.const f32x4 -7.9988117 -7.9988117 -7.9988117 -7.9988117  f32x4.max  local.set $vx
            local.get $vx  local.get $vx  f32x4.mul  local.set $vx2
            ;; p(x²), by Horner
            v128.const f32x4 -2.7607684e-16 -2.7607684e-16 -2.7607684e-16 -2.7607684e-16  local.get $vx2  f32x4.mul  v128.const f32x4 2.000188e-13 2.000188e-13 2.000188e-13 2.000188e-13  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 -8.604672e-11 -8.604672e-11 -8.604672e-11 -8.604672e-11  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 5.1222973e-8 5.1222973e-8 5.1222973e-8 5.1222973e-8  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0000148572235 0.0000148572235 0.0000148572235 0.0000148572235  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.00063726195 0.00063726195 0.00063726195 0.00063726195  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0048935246 0.0048935246 0.0048935246 0.0048935246  f32x4.add
            ;; ·x, then q(x²), by Horner, and the division
            local.get $vx  f32x4.mul  v128.const f32x4 0.0000011982584 0.0000011982584 0.0000011982584 0.0000011982584  local.get $vx2  f32x4.mul  v128.const f32x4 0.00011853471 0.00011853471 0.00011853471 0.00011853471  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0022684347 0.0022684347 0.0022684347 0.0022684347  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.004893525 0.004893525 0.004893525 0.004893525  f32x4.add
            f32x4.div  local.set $vg
            ;; o = sigmoid(z_o + b_o) = 0.5 + 0.5·tanh(0.5·(z_o + b_o)): the outer 0.5 and 0.5 wait on the stack
            v128.const f32x4 0.5 0.5 0.5 0.5  v128.const f32x4 0.5 0.5 0.5 0.5  local.get $zp  local.get $h4  i32.const 3  i32.mul  i32.add  v128.load  local.get $bp  local.get $h4  i32.const 3  i32.mul  i32.add  v128.load  f32x4.add
            v128.const f32x4 0.5 0.5 0.5 0.5  f32x4.mul  v128.const f32x4 7.9988117 7.9988117 7.9988117 7.9988117  f32x4.min
            v128.const f32x4 -7.9988117 -7.9988117 -7.9988117 -7.9988117  f32x4.max  local.set $vx
            local.get $vx  local.get $vx  f32x4.mul  local.set $vx2
            ;; p(x²), by Horner
            v128.const f32x4 -2.7607684e-16 -2.7607684e-16 -2.7607684e-16 -2.7607684e-16  local.get $vx2  f32x4.mul  v128.const f32x4 2.000188e-13 2.000188e-13 2.000188e-13 2.000188e-13  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 -8.604672e-11 -8.604672e-11 -8.604672e-11 -8.604672e-11  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 5.1222973e-8 5.1222973e-8 5.1222973e-8 5.1222973e-8  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0000148572235 0.0000148572235 0.0000148572235 0.0000148572235  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.00063726195 0.00063726195 0.00063726195 0.00063726195  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0048935246 0.0048935246 0.0048935246 0.0048935246  f32x4.add
            ;; ·x, then q(x²), by Horner, and the division
            local.get $vx  f32x4.mul  v128.const f32x4 0.0000011982584 0.0000011982584 0.0000011982584 0.0000011982584  local.get $vx2  f32x4.mul  v128.const f32x4 0.00011853471 0.00011853471 0.00011853471 0.00011853471  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0022684347 0.0022684347 0.0022684347 0.0022684347  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.004893525 0.004893525 0.004893525 0.004893525  f32x4.add
            f32x4.div
            f32x4.mul  f32x4.add  local.set $vo
            ;; z's gate blocks now hold the gates i, f, g, o themselves: the backward pass reads them
            local.get $zp  local.get $vi  v128.store
            local.get $zp  local.get $h4  i32.const 1  i32.mul  i32.add  local.get $vf  v128.store
            ;; g = tanh(z_g + b_g)
            local.get $zp  local.get $h4  i32.const 2  i32.mul  i32.add  local.get $vg  v128.store
            local.get $zp  local.get $h4  i32.const 3  i32.mul  i32.add  local.get $vo  v128.store
            ;; c = f·cPrev + i·g → cNew; then tanh c → tanhC; h = o·tanh c → hNew
            local.get $vf  local.get $cPrev  local.get $hp  i32.add  v128.load  f32x4.mul  local.get $vi  local.get $vg  f32x4.mul  f32x4.add  local.set $vc
            local.get $cNew  local.get $hp  i32.add  local.get $vc  v128.store
            local.get $vc  v128.const f32x4 7.9988117 7.9988117 7.9988117 7.9988117  f32x4.min
            v128.const f32x4 -7.9988117 -7.9988117 -7.9988117 -7.9988117  f32x4.max  local.set $vx
            local.get $vx  local.get $vx  f32x4.mul  local.set $vx2
            ;; p(x²), by Horner
            v128.const f32x4 -2.7607684e-16 -2.7607684e-16 -2.7607684e-16 -2.7607684e-16  local.get $vx2  f32x4.mul  v128.const f32x4 2.000188e-13 2.000188e-13 2.000188e-13 2.000188e-13  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 -8.604672e-11 -8.604672e-11 -8.604672e-11 -8.604672e-11  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 5.1222973e-8 5.1222973e-8 5.1222973e-8 5.1222973e-8  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0000148572235 0.0000148572235 0.0000148572235 0.0000148572235  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.00063726195 0.00063726195 0.00063726195 0.00063726195  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0048935246 0.0048935246 0.0048935246 0.0048935246  f32x4.add
            ;; ·x, then q(x²), by Horner, and the division
            local.get $vx  f32x4.mul  v128.const f32x4 0.0000011982584 0.0000011982584 0.0000011982584 0.0000011982584  local.get $vx2  f32x4.mul  v128.const f32x4 0.00011853471 0.00011853471 0.00011853471 0.00011853471  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.0022684347 0.0022684347 0.0022684347 0.0022684347  f32x4.add
            local.get $vx2  f32x4.mul  v128.const f32x4 0.004893525 0.004893525 0.004893525 0.004893525  f32x4.add
            f32x4.div  local.set $vc
            local.get $tanhC  local.get $hp  i32.add  local.get $vc  v128.store
            local.get $hNew  local.get $hp  i32.add  local.get $vo  local.get $vc  f32x4.mul  v128.store
            local.get $j  i32.const 4  i32.add  local.set $j
            br $eachFourUnits
          end
        end
        local.get $r  i32.const 1  i32.add  local.set $r
        br $eachRow
      end
    end)
  (func $lstmCellBackward (type $cellType)
      (param $gates i32) (param $tanhC i32) (param $cPrev i32) (param $dh i32) (param $dc i32) (param $dz i32) (param $rows i32) (param $units i32)
    (local $r i32) (local $j i32) (local $gp i32) (local $dzp i32) (local $hp i32) (local $h4 i32) (local $rowG i32) (local $rowH i32)
    (local $vi v128) (local $vf v128) (local $vg v128) (local $vo v128) (local $vtc v128) (local $vdh v128) (local $vdc v128) (local $one v128)
    local.get $units  i32.const 2  i32.shl  local.set $h4
    ;; h4 as in lstmCellForward; one = 1 in every lane
    v128.const f32x4 1 1 1 1  local.set $one
    i32.const 0  local.set $r
    block $rowsDone
      loop $eachRow
        local.get $r  local.get $rows  i32.ge_s  br_if $rowsDone
        local.get $gates  local.get $r  local.get $units  i32.mul  i32.const 4  i32.shl  i32.add  local.set $rowG
        local.get $r  local.get $units  i32.mul  i32.const 2  i32.shl  local.set $rowH
        i32.const 0  local.set $j
        block $unitsDone
          loop $eachFourUnits
            local.get $j  local.get $units  i32.ge_s  br_if $unitsDone
            local.get $rowG  local.get $j  i32.const 2  i32.shl  i32.add  local.set $gp
            ;; dzp: the same place in dz as gp in gates (both are rows × 4 gates × units)
            local.get $dz  local.get $rowG  local.get $gates  i32.sub  i32.add  local.get $j  i32.const 2  i32.shl  i32.add  local.set $dzp
            local.get $rowH  local.get $j  i32.const 2  i32.shl  i32.add  local.set $hp
            ;; the gates i, f, g, o saved by the forward pass, tanh c and dh of units j..j+3
            local.get $gp  v128.load  local.set $vi
            local.get $gp  local.get $h4  i32.const 1  i32.mul  i32.add  v128.load  local.set $vf
            local.get $gp  local.get $h4  i32.const 2  i32.mul  i32.add  v128.load  local.set $vg
            local.get $gp  local.get $h4  i32.const 3  i32.mul  i32.add  v128.load  local.set $vo
            local.get $tanhC  local.get $hp  i32.add  v128.load  local.set $vtc
            local.get $dh  local.get $hp  i32.add  v128.load  local.set $vdh
            ;; dc = dc + dh·o·(1 − tanhC²)
            local.get $dc  local.get $hp  i32.add  v128.load  local.get $vdh  local.get $vo  f32x4.mul  local.get $one  local.get $vtc  local.get $vtc  f32x4.mul  f32x4.sub  f32x4.mul  f32x4.add  local.set $vdc
            ;; dc·f becomes dc: the previous cell state's gradient
            local.get $dc  local.get $hp  i32.add  local.get $vdc  local.get $vf  f32x4.mul  v128.store
            ;; the pre-activation gradients: dz_i = dc·g·i(1 − i), dz_f = dc·cPrev·f(1 − f),
            ;; dz_g = dc·i·(1 − g²), dz_o = dh·tanhC·o(1 − o)
            local.get $dzp  local.get $vdc  local.get $vg  f32x4.mul  local.get $vi  f32x4.mul  local.get $one  local.get $vi  f32x4.sub  f32x4.mul  v128.store
            local.get $dzp  local.get $h4  i32.const 1  i32.mul  i32.add  local.get $vdc  local.get $cPrev  local.get $hp  i32.add  v128.load  f32x4.mul  local.get $vf  f32x4.mul  local.get $one  local.get $vf  f32x4.sub  f32x4.mul  v128.store
            local.get $dzp  local.get $h4  i32.const 2  i32.mul  i32.add  local.get $vdc  local.get $vi  f32x4.mul  local.get $one  local.get $vg  local.get $vg  f32x4.mul  f32x4.sub  f32x4.mul  v128.store
            local.get $dzp  local.get $h4  i32.const 3  i32.mul  i32.add  local.get $vdh  local.get $vtc  f32x4.mul  local.get $vo  f32x4.mul  local.get $one  local.get $vo  f32x4.sub  f32x4.mul  v128.store
            local.get $j  i32.const 4  i32.add  local.set $j
            br $eachFourUnits
          end
        end
        local.get $r  i32.const 1  i32.add  local.set $r
        br $eachRow
      end
    end)
  (memory $memory 1)
  (export "gemm" (func $gemm))
  (export "lstmCellForward" (func $lstmCellForward))
  (export "lstmCellBackward" (func $lstmCellBackward))
  (export "memory" (memory $memory)))

