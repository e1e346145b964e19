/**
 * The golden model of the dense accelerator: the reference convolution (models/conv2d.ts through
 * common/reference.ts) with bias, ReLU and requantisation; the array computes exactly that, whatever the order of the
 * reduction. The cycle model is model.ts. Never imports the DSL.
 */
import { referenceConv } from '../common/reference.js';

/** The golden output of a layer (bias, ReLU, requantisation) in CHW order. */
export const goldenDense = referenceConv;
