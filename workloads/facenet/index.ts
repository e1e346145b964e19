/**
 * The real network workload: face-api's ResNet-34-style face-recognition net (float forward pass without tfjs,
 * real post-ReLU activations of the six sample photos, and their quantisation to the project's integer conventions).
 */
export { decodeWeights, faceApiDir, readManifest, readWeightsBin, SAMPLE_IMAGES, type FloatTensor } from './assets.ts';
export { decodeJpeg, INPUT_SIZE, MEAN_RGB, NUM_SAMPLES, padAndResize, sampleImage, sampleInput, toUint8, type RgbImage } from './image.ts';
export { convFloat, layerDefs, loadFaceNet, normalizeInput, runFloat, type ConvHook, type ConvLayerDef, type FaceNet, type ForwardResult } from './net.ts';
export {
  activationScales,
  forwardSample,
  layerShapes,
  nonZeroHistogram,
  quantizeActivation,
  quantizedLayer,
  zeroFractions,
  type NamedLayerShape,
  type QuantizedLayer,
  type ZeroFraction,
} from './quant.ts';
export { cosine, descriptorDrift, floatDescriptor } from './drift.ts';
export { channelQuantWeights, quantError, type ChannelQuantWeights, type QuantErrorRow, type WeightScaling } from './channels.ts';
