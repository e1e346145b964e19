import { describe, expect, it } from 'vitest';
import { outputShape } from '../../models/conv2d.ts';
import { ALEXNET, layerMacs, networkMacs, outSize, RESNET50, VGG16 } from '../../workloads/shapes.ts';

describe('workload layer shapes', () => {
  it('VGG16: 13 layers, same-size 3×3 convs from 224 down to 14, ≈15.3 GMACs', () => {
    expect(VGG16).toHaveLength(13);
    for (const l of VGG16) {
      expect([l.R, l.S, l.stride, l.pad]).toEqual([3, 3, 1, 1]);
      expect(outSize(l)).toEqual({ OH: l.H, OW: l.W });
    }
    expect(VGG16.map((l) => l.H)).toEqual([224, 224, 112, 112, 56, 56, 56, 28, 28, 28, 14, 14, 14]);
    // consecutive layers chain (C of the next = M of this)
    for (let i = 1; i < VGG16.length; i++) expect(VGG16[i]!.C).toBe(VGG16[i - 1]!.M);
    expect(networkMacs(VGG16) / 1e9).toBeCloseTo(15.347, 2);
  });

  it('AlexNet: conv1 224²×3 → 55² (11×11/4), conv2 27² 5×5 pad 2, conv3–5 at 13²', () => {
    const [c1, c2, c3, c4, c5] = ALEXNET;
    expect(outSize(c1!)).toEqual({ OH: 55, OW: 55 });
    expect(Math.floor((55 - 3) / 2) + 1).toBe(c2!.H); // maxpool 3/2
    expect(outSize(c2!)).toEqual({ OH: 27, OW: 27 });
    expect(Math.floor((27 - 3) / 2) + 1).toBe(c3!.H);
    for (const l of [c3!, c4!, c5!]) expect(outSize(l)).toEqual({ OH: 13, OW: 13 });
    expect([c1!.M, c2!.M, c3!.M, c4!.M, c5!.M]).toEqual([96, 256, 384, 384, 256]);
    console.log(`AlexNet dense conv MACs: ${(networkMacs(ALEXNET) / 1e9).toFixed(3)} G`);
  });

  it('ResNet-50: stem 7×7/2 → 112, bottleneck stages at 56/28/14/7, ≈4.09 GMACs of convs', () => {
    expect(outSize(RESNET50[0]!)).toEqual({ OH: 112, OW: 112 });
    const count = RESNET50.reduce((a, l) => a + (l.repeat ?? 1), 0);
    expect(count).toBe(1 + 3 * 3 + 4 * 3 + 6 * 3 + 3 * 3 + 4); // 53 convs incl. the 4 projections
    for (const l of RESNET50) {
      const { OH } = outSize(l);
      expect([112, 56, 28, 14, 7]).toContain(OH);
      // agrees with the golden model's shape helper
      expect(outputShape(l).OH).toBe(OH);
    }
    expect(RESNET50.filter((l) => l.name.endsWith('_xb_3x3')).map((l) => outSize(l).OH)).toEqual([56, 28, 14, 7]);
    expect(networkMacs(RESNET50) / 1e9).toBeCloseTo(4.087, 2);
    expect(layerMacs(RESNET50[0]!)).toBe(64 * 112 * 112 * 3 * 49);
  });
});
