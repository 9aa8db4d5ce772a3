#include "models/Networks.h"

#include <dlfcn.h>
#include <malloc.h>

namespace hemu::models {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

ConvBlockImpl::ConvBlockImpl(int in, int out, int stride, int dilation) {
    conv_ = register_module("conv", nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(stride)
                                                   .padding(dilation).dilation(dilation).bias(false)));
    norm_ = register_module("norm", nn::BatchNorm2d(out));
}

namespace {

/// True when a layer runs for inference: no training, no gradients, float on the CPU.
bool inferring(const nn::Module& layer, const torch::Tensor& x) {
    return !layer.is_training() && !torch::GradMode::is_enabled() && x.device().is_cpu() &&
           x.scalar_type() == torch::kFloat;
}

/// conv(x), through oneDNN whenever the network runs for inference. libtorch 1.13 sends a
/// batch of one under 20,480 values to its reference kernels, and dilated ones to a slow
/// per-pixel loop: a re-parsed region's detector pass (a 256x128 input, its 1/32 maps 8x4)
/// spent two thirds of its time there.
torch::Tensor convolve(nn::Conv2dImpl& conv, const torch::Tensor& x) {
    if (!inferring(conv, x)) return conv.forward(x);
    const auto& o = conv.options;
    const auto padding = c10::get<torch::ExpandingArray<2>>(o.padding());
    const auto bias = conv.bias.defined() ? c10::optional<at::Tensor>(conv.bias) : c10::nullopt;
    return at::mkldnn_convolution(x, conv.weight, bias, *padding, *o.stride(), *o.dilation(), o.groups());
}

/// layers->forward(x), with its convolutions through convolve().
torch::Tensor runLayers(nn::Sequential& layers, torch::Tensor x) {
    for (auto& layer : *layers) {
        if (auto* conv = layer.ptr()->as<nn::Conv2dImpl>()) x = convolve(*conv, x);
        else x = layer.forward(x);
    }
    return x;
}

}  // namespace

torch::Tensor ConvBlockImpl::forward(const torch::Tensor& x) {
    auto y = convolve(*conv_, x);
    return folded_ ? y.relu_() : torch::relu(norm_(y));
}

namespace {

/// y = norm(conv(x)) as one convolution, with the norm's running statistics (eval mode).
void foldNormIntoConv(nn::Conv2dImpl& conv, const nn::BatchNorm2dImpl& norm) {
    torch::NoGradGuard noGrad;
    const auto scale = norm.weight / torch::sqrt(norm.running_var + norm.options.eps());
    conv.weight.mul_(scale.view({-1, 1, 1, 1}));
    auto bias = norm.bias - norm.running_mean * scale;
    if (conv.bias.defined()) bias += conv.bias * scale;
    // The member, not a registered parameter: Conv2d registered "bias" as absent, and
    // folded networks are not trained or saved.
    conv.bias = bias;
}

void useChannelsLast(nn::Module& network) {
    torch::NoGradGuard noGrad;
    for (auto& parameter : network.parameters())
        if (parameter.dim() == 4) parameter.set_data(parameter.contiguous(at::MemoryFormat::ChannelsLast));
}

/// A Sequential of convolutions, batch norms, ReLUs and poolings, with each norm folded into
/// the convolution before it and ReLUs in place.
nn::Sequential foldSequential(const nn::Sequential& layers) {
    nn::Sequential folded;
    for (std::size_t i = 0; i < layers->size(); ++i) {
        const auto layer = layers->ptr(i);
        if (auto conv = std::dynamic_pointer_cast<nn::Conv2dImpl>(layer)) {
            if (i + 1 < layers->size())
                if (auto norm = std::dynamic_pointer_cast<nn::BatchNorm2dImpl>(layers->ptr(i + 1))) {
                    foldNormIntoConv(*conv, *norm);
                    ++i;
                }
            folded->push_back(conv);
        } else if (std::dynamic_pointer_cast<nn::ReLUImpl>(layer)) {
            folded->push_back(nn::ReLU(nn::ReLUOptions(true)));
        } else if (auto pool = std::dynamic_pointer_cast<nn::MaxPool2dImpl>(layer)) {
            folded->push_back(pool);
        } else {
            throw std::logic_error("foldSequential: unexpected layer " + layer->name());
        }
    }
    return folded;
}

}  // namespace

void ConvBlockImpl::foldNorm() {
    if (folded_) return;
    foldNormIntoConv(*conv_, *norm_);
    folded_ = true;
}

ScreenDetectorImpl::ScreenDetectorImpl() {
    constexpr int kPyramid = 32;
    stem_ = register_module("stem", ConvBlock(1, 16, 2));
    down4_ = register_module("down4", ConvBlock(16, 24, 2));
    block4_ = register_module("block4", ConvBlock(24, 24));
    down8_ = register_module("down8", ConvBlock(24, 48, 2));
    block8_ = register_module("block8", ConvBlock(48, 48));
    down16_ = register_module("down16", ConvBlock(48, 64, 2));
    block16_ = register_module("block16", ConvBlock(64, 64, 1, 2));
    down32_ = register_module("down32", ConvBlock(64, 96, 2));
    block32_ = register_module("block32", ConvBlock(96, 96, 1, 2));
    // Receptive field wide enough to see a whole text field and the label beside it.
    context32_ = register_module("context32", ConvBlock(96, 96, 1, 4));
    // A field or dropdown that spans a maximised window (1,900 px) has its centre 900 px
    // from either end: farther than the 3x3 layers see, so its centre cell looked like any
    // empty band and the field went unseen. Two horizontal 1x3 convolutions dilated 8 and 16
    // cells at 1/32 reach 24 cells (1,536 screen px) either side along the row, for 1% more
    // work. The output starts at zero, so weights trained without it fine-tune from where
    // they were.
    auto row = [](int in, int out, int dilation) {
        return nn::Conv2d(nn::Conv2dOptions(in, out, {1, 3}).padding({0, dilation}).dilation({1, dilation}));
    };
    rowNear_ = register_module("row_near", row(96, 64, 8));
    rowFar_ = register_module("row_far", row(64, 64, 16));
    rowOut_ = register_module("row_out", nn::Conv2d(nn::Conv2dOptions(64, 96, 1)));
    torch::nn::init::zeros_(rowOut_->weight);
    torch::nn::init::zeros_(rowOut_->bias);
    lateral4_ = register_module("lateral4", nn::Conv2d(nn::Conv2dOptions(24, kPyramid, 1)));
    lateral8_ = register_module("lateral8", nn::Conv2d(nn::Conv2dOptions(48, kPyramid, 1)));
    lateral16_ = register_module("lateral16", nn::Conv2d(nn::Conv2dOptions(64, kPyramid, 1)));
    lateral32_ = register_module("lateral32", nn::Conv2d(nn::Conv2dOptions(96, kPyramid, 1)));
    smooth4_ = register_module("smooth4", ConvBlock(kPyramid, kPyramid));
    heatmapHead_ = register_module("heatmap", nn::Conv2d(nn::Conv2dOptions(kPyramid, kDetectorClasses, 1)));
    sizeHead_ = register_module("size", nn::Conv2d(nn::Conv2dOptions(kPyramid, 2, 1)));
    offsetHead_ = register_module("offset", nn::Conv2d(nn::Conv2dOptions(kPyramid, 2, 1)));
    // CenterNet's prior: a peak is rare, start every cell at p = 0.1.
    torch::nn::init::constant_(heatmapHead_->bias, -2.19);
}

DetectorOutput ScreenDetectorImpl::forward(const torch::Tensor& x) {
    auto up = [](const torch::Tensor& t, const torch::Tensor& like) {
        return F::interpolate(t, F::InterpolateFuncOptions()
                                     .size(std::vector<int64_t>{like.size(2), like.size(3)})
                                     .mode(torch::kNearest));
    };
    const auto s2 = stem_(x);
    const auto s4 = block4_(down4_(s2));
    const auto s8 = block8_(down8_(s4));
    const auto s16 = block16_(down16_(s8));
    auto s32 = context32_(block32_(down32_(s16)));
    s32 = s32 + convolve(*rowOut_, torch::relu(convolve(*rowFar_, torch::relu(convolve(*rowNear_, s32)))));
    auto p = convolve(*lateral32_, s32);
    p = convolve(*lateral16_, s16) + up(p, s16);
    p = convolve(*lateral8_, s8) + up(p, s8);
    p = convolve(*lateral4_, s4) + up(p, s4);
    p = smooth4_(p);
    return {convolve(*heatmapHead_, p), convolve(*sizeHead_, p), convolve(*offsetHead_, p)};
}

TextRecognizerImpl::TextRecognizerImpl(int classCount) {
    // Sized for speed: ~55 M multiply-adds for a 32x200 crop (48 M without the refining
    // blocks; 0.5 ms here); a screen has dozens of texts.
    constexpr int kWidth = 128;
    auto conv = [](int in, int out) {
        return nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).bias(false));
    };
    // Strided convolutions rather than convolution + pooling: 4x less work at full size.
    auto strided = [](int in, int out) {
        return nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(2).padding(1).bias(false));
    };
    // 32 x W → 1 x W/4: two 2x2 poolings, then height-only poolings.
    features_ = register_module(
        "features",
        nn::Sequential(strided(1, 16), nn::BatchNorm2d(16), nn::ReLU(),   // 16 x W/2
                       strided(16, 32), nn::BatchNorm2d(32), nn::ReLU(),  // 8 x W/4
                       conv(32, 64), nn::BatchNorm2d(64), nn::ReLU(),
                       conv(64, 64), nn::BatchNorm2d(64), nn::ReLU(),
                       nn::MaxPool2d(nn::MaxPool2dOptions({2, 1})),  // 4 x W/4
                       conv(64, 96), nn::BatchNorm2d(96), nn::ReLU(),
                       nn::MaxPool2d(nn::MaxPool2dOptions({2, 1})),  // 2 x W/4
                       nn::Conv2d(nn::Conv2dOptions(96, kWidth, {2, 1}).bias(false)),  // 1 x W/4
                       nn::BatchNorm2d(kWidth), nn::ReLU()));
    context1_ = register_module("context1", nn::Conv1d(nn::Conv1dOptions(kWidth, kWidth, 3).padding(1)));
    context2_ = register_module("context2", nn::Conv1d(nn::Conv1dOptions(kWidth, kWidth, 3).padding(2).dilation(2)));
    // Near: the neighbouring columns again (a letter's strokes); far: dilation 4, columns 16
    // crop pixels apart, so that the whole stack sees about a short word either side.
    refineNearIn_ = register_module("refine_near_in", nn::Conv1d(nn::Conv1dOptions(kWidth, kWidth, 3).padding(1)));
    refineNearOut_ = register_module("refine_near_out", nn::Conv1d(nn::Conv1dOptions(kWidth, kWidth, 1)));
    refineFarIn_ = register_module("refine_far_in", nn::Conv1d(nn::Conv1dOptions(kWidth, kWidth, 3).padding(4).dilation(4)));
    refineFarOut_ = register_module("refine_far_out", nn::Conv1d(nn::Conv1dOptions(kWidth, kWidth, 1)));
    for (auto* out : {&refineNearOut_, &refineFarOut_}) {
        nn::init::zeros_((*out)->weight);
        nn::init::zeros_((*out)->bias);
    }
    classifier_ = register_module("classifier", nn::Linear(kWidth, classCount));
}

void ScreenDetectorImpl::foldNorms() {
    for (auto* block : {&stem_, &down4_, &block4_, &down8_, &block8_, &down16_, &block16_, &down32_,
                        &block32_, &context32_, &smooth4_})
        (*block)->foldNorm();
}

void TextRecognizerImpl::foldNorms() { features_ = replace_module("features", foldSequential(features_)); }

torch::Tensor TextRecognizerImpl::forward(const torch::Tensor& x) {
    // Not through convolve(): crops come in dozens of widths and batch sizes, and oneDNN
    // compiles kernels per shape; one crop read the reference way took no longer.
    auto f = features_->forward(x).squeeze(2);  // N x 128 x T
    f = f + torch::relu(context1_(f));
    f = f + torch::relu(context2_(f));
    f = f + refineNearOut_(torch::relu(refineNearIn_(f)));
    f = f + refineFarOut_(torch::relu(refineFarIn_(f)));
    return torch::log_softmax(classifier_(f.transpose(1, 2)), 2);  // N x T x C
}

LabelLinkerImpl::LabelLinkerImpl() {
    layer1_ = register_module("layer1", nn::Linear(kLabelPairFeatures, 64));
    layer2_ = register_module("layer2", nn::Linear(64, 64));
    layer3_ = register_module("layer3", nn::Linear(64, 1));
}

torch::Tensor LabelLinkerImpl::forward(const torch::Tensor& features) {
    return layer3_(torch::relu(layer2_(torch::relu(layer1_(features))))).squeeze(1);
}

CropClassifierImpl::CropClassifierImpl(int rows, int cols, int outputs) {
    auto conv = [](int in, int out) {
        return nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).bias(false));
    };
    features_ = register_module(
        "features", nn::Sequential(conv(1, 16), nn::BatchNorm2d(16), nn::ReLU(),
                                   nn::MaxPool2d(nn::MaxPool2dOptions(2)),  // rows/2 x cols/2
                                   conv(16, 32), nn::BatchNorm2d(32), nn::ReLU(),
                                   nn::MaxPool2d(nn::MaxPool2dOptions(2)),  // rows/4 x cols/4
                                   conv(32, 32), nn::BatchNorm2d(32), nn::ReLU()));
    classifier_ = register_module("classifier", nn::Linear(32 * (rows / 4) * (cols / 4), outputs));
}

void CropClassifierImpl::foldNorms() { features_ = replace_module("features", foldSequential(features_)); }

torch::Tensor CropClassifierImpl::forward(const torch::Tensor& x) {
    return classifier_(runLayers(features_, x).flatten(1));
}

namespace {

/// Eval mode, norms folded, channels-last weights: see prepareForInference in Networks.h.
template <typename Network>
void prepareFolded(Network& network) {
    network->eval();
    network->foldNorms();
    useChannelsLast(*network);
}

}  // namespace

void prepareForInference(ScreenDetector& detector) { prepareFolded(detector); }
void prepareForInference(TextRecognizer& recognizer) { prepareFolded(recognizer); }
void prepareForInference(StateClassifier& classifier) { prepareFolded(classifier); }
void prepareForInference(FieldKindClassifier& classifier) { prepareFolded(classifier); }
void prepareForInference(FieldVerifier& verifier) { prepareFolded(verifier); }

void configureCpu(int threads) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    // OpenBLAS reads OPENBLAS_NUM_THREADS when it loads, before main, and starts a thread per
    // core; set later, the variable did nothing. Its thread then spun (sched_yield) beside
    // libtorch's two: a third of a field re-read's samples under perf, the re-read 3.4-4.2 ms
    // against 1.2-1.6 with one BLAS thread, and with two busy processes beside it a full parse
    // 1.1-1.2 s against 0.31-0.35. Asked at run time instead, where the BLAS that Debian's
    // alternatives chose is OpenBLAS.
    using SetThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
        set(1);
    at::set_num_threads(threads);
}

}  // namespace hemu::models
