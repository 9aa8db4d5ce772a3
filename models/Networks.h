#pragma once
// The networks of hemu's screen parser, defined with libtorch's C++ API.
//
// Include only from the few .cpp files that run or train them: <torch/torch.h> costs ~17 s
// and 1 GB of compiler memory per file.
//
// ScreenDetector: a small fully convolutional CenterNet (Zhou et al. 2019, "Objects as
//   Points"). Input: the screen in grey, at half resolution, values in [0, 1], 1x1xHxW with H
//   and W multiples of 32. Output at stride 4 of the input (8 screen pixels): a heatmap per
//   DetectorClass whose peaks are element centres, the box size (log of width and height in
//   screen pixels / 8) and the sub-cell offset of the centre.
// TextRecognizer: a convolutional CTC line reader (no LSTM: they are slow on this CPU).
//   Input: 1xNx32xW grey crops (text line scaled to 32 px high). Output: NxTxC log-probabilities,
//   T = W / 4, C = Charset::classCount().

#include <torch/torch.h>

namespace hemu::models {

/// Heatmap channels: element types, with the state of checkboxes and radios folded in.
enum class DetectorClass {
    TextField, Button, CheckboxOff, CheckboxOn, RadioOff, RadioOn, Dropdown, Text, Count
};
inline constexpr int kDetectorClasses = int(DetectorClass::Count);
inline constexpr int kDetectorInputScale = 2;  ///< screen pixels per input pixel
inline constexpr int kDetectorStride = 4;      ///< input pixels per output cell
inline constexpr int kDetectorScreenStride = kDetectorInputScale * kDetectorStride;
inline constexpr int kRecognizerHeight = 32;

struct DetectorOutput {
    torch::Tensor heatmap;  ///< N x kDetectorClasses x h x w, logits
    torch::Tensor size;     ///< N x 2 x h x w: log(width / 8), log(height / 8), screen pixels
    torch::Tensor offset;   ///< N x 2 x h x w: centre offset within the cell, in cells
};

/// 3x3 convolution + batch norm + ReLU. Plain rather than depthwise-separable: measured here,
/// thin plain convolutions ran as fast (10 vs 14 ms for a 544x960 screen) and trained 4x
/// faster, libtorch's CPU depthwise backward pass being slow.
class ConvBlockImpl : public torch::nn::Module {
public:
    ConvBlockImpl(int in, int out, int stride = 1, int dilation = 1);
    torch::Tensor forward(const torch::Tensor& x);
    /// See prepareForInference().
    void foldNorm();

private:
    torch::nn::Conv2d conv_{nullptr};
    torch::nn::BatchNorm2d norm_{nullptr};
    bool folded_ = false;
};
TORCH_MODULE(ConvBlock);

class ScreenDetectorImpl : public torch::nn::Module {
public:
    ScreenDetectorImpl();
    DetectorOutput forward(const torch::Tensor& x);
    void foldNorms();

private:
    ConvBlock stem_{nullptr}, down4_{nullptr}, block4_{nullptr}, down8_{nullptr}, block8_{nullptr},
        down16_{nullptr}, block16_{nullptr}, down32_{nullptr}, block32_{nullptr},
        context32_{nullptr}, smooth4_{nullptr};
    /// Row context at 1/32: horizontal dilated convolutions, added to the 1/32 features.
    torch::nn::Conv2d rowNear_{nullptr}, rowFar_{nullptr}, rowOut_{nullptr};
    torch::nn::Conv2d lateral4_{nullptr}, lateral8_{nullptr}, lateral16_{nullptr},
        lateral32_{nullptr};
    torch::nn::Conv2d heatmapHead_{nullptr}, sizeHead_{nullptr}, offsetHead_{nullptr};
};
TORCH_MODULE(ScreenDetector);

class TextRecognizerImpl : public torch::nn::Module {
public:
    explicit TextRecognizerImpl(int classCount);
    /// N x T x C log-probabilities.
    torch::Tensor forward(const torch::Tensor& x);
    void foldNorms();

private:
    torch::nn::Sequential features_{nullptr};
    torch::nn::Conv1d context1_{nullptr}, context2_{nullptr};
    /// Residual blocks added 2026-12-04 (letters dropped in narrow fonts, "Einstelungen"):
    /// each `f + out(relu(in(f)))`, its output layer starting at zero so that weights trained
    /// without it load and read as before, and fine-tuning grows it.
    torch::nn::Conv1d refineNearIn_{nullptr}, refineNearOut_{nullptr}, refineFarIn_{nullptr},
        refineFarOut_{nullptr};
    torch::nn::Linear classifier_{nullptr};
};
TORCH_MODULE(TextRecognizer);

/// Scores (text, control) pairs: is this text the control's label? Input: the features of
/// labelPairFeatures(), output: a logit per pair.
class LabelLinkerImpl : public torch::nn::Module {
public:
    LabelLinkerImpl();
    torch::Tensor forward(const torch::Tensor& features);

private:
    torch::nn::Linear layer1_{nullptr}, layer2_{nullptr}, layer3_{nullptr};
};
TORCH_MODULE(LabelLinker);

inline constexpr int kLabelPairFeatures = 18;

/// A small CNN on a grey crop at full resolution, for what the detector's half resolution
/// blurs: three 3x3 convolutions with two 2x2 poolings, then one linear layer. Input: N x 1 x
/// rows x cols (multiples of 4), values in [0, 1]. Output: N x outputs logits.
class CropClassifierImpl : public torch::nn::Module {
public:
    CropClassifierImpl(int rows, int cols, int outputs);
    torch::Tensor forward(const torch::Tensor& x);
    void foldNorms();

private:
    torch::nn::Sequential features_{nullptr};
    torch::nn::Linear classifier_{nullptr};
};

inline constexpr int kIndicatorSize = 24;
inline constexpr int kIndicatorChecked = 0;
inline constexpr int kIndicatorRound = 1;
inline constexpr int kIndicatorPresent = 2;
inline constexpr int kIndicatorOutputs = 3;

/// Is a checkbox or radio indicator checked, is it round (a radio) or square (a check box), and
/// is there an indicator at all? Input: N x 1 x 24 x 24 grey crops of the indicator at full
/// resolution (the detector sees it at half resolution, where a check mark is a few pixels, a
/// 12-pixel circle and square look alike, and so do a caption's first "C" or "O").
/// Output: N x 3 logits, columns kIndicatorChecked, kIndicatorRound and kIndicatorPresent.
class StateClassifierImpl : public CropClassifierImpl {
public:
    StateClassifierImpl() : CropClassifierImpl(kIndicatorSize, kIndicatorSize, kIndicatorOutputs) {}
};
TORCH_MODULE(StateClassifier);

inline constexpr int kFieldEndRows = 24;
inline constexpr int kFieldEndCols = 96;

inline constexpr int kFieldIsDropdown = 0;
inline constexpr int kFieldPresent = 1;
inline constexpr int kFieldKindOutputs = 2;

/// Is a framed control a dropdown or a text field, seen from its right end, and is there one
/// at all? Input: N x 1 x kFieldEndRows x kFieldEndCols grey crops of that end at full
/// resolution, four heights wide (perception::fieldEndRegion). A spin box and an editable
/// combo box are both an entry with arrows at its end, and at the detector's half resolution
/// their arrows (two stacked, GTK's "-" and "+", or one pointing down) are a few pixels: it
/// took spin boxes for dropdowns and editable combos for fields. It also put a second, weaker
/// box between two stacked fields, half on each. Output: N x 2 logits, columns
/// kFieldIsDropdown and kFieldPresent.
class FieldKindClassifierImpl : public CropClassifierImpl {
public:
    FieldKindClassifierImpl() : CropClassifierImpl(kFieldEndRows, kFieldEndCols, kFieldKindOutputs) {}
};
TORCH_MODULE(FieldKindClassifier);

inline constexpr int kFieldRowRows = 48;
inline constexpr int kFieldRowCols = 192;

/// Is a text field the detector is unsure of (a score under its threshold) a field after all?
/// Seen with its row around it (perception::prepareFieldRowCrop): what is before it, the box
/// squeezed, and its end. A greyed-out entry is a flat band with no frame, and so, seen alone,
/// is a list's shaded row, a title bar or the band of a group box's title: before a field
/// stands its caption or check box, before a list's row nothing. Input: N x 1 x kFieldRowRows
/// x kFieldRowCols. Output: N x 1 logits.
class FieldVerifierImpl : public CropClassifierImpl {
public:
    FieldVerifierImpl() : CropClassifierImpl(kFieldRowRows, kFieldRowCols, 1) {}
};
TORCH_MODULE(FieldVerifier);

/// Readies trained networks for reading screens, not for training or saving: eval mode, each
/// batch norm folded into the convolution before it (one pass over the activations instead of
/// three, and fewer operators, whose fixed cost dominates on a field-sized region), and
/// convolution weights in channels-last order, which oneDNN runs without reordering every
/// layer's input and output (inputs must be channels-last too). Same outputs up to rounding.
void prepareForInference(ScreenDetector& detector);
void prepareForInference(TextRecognizer& recognizer);
void prepareForInference(StateClassifier& classifier);
void prepareForInference(FieldKindClassifier& classifier);
void prepareForInference(FieldVerifier& verifier);

/// Sets this process up to run the networks on `threads` CPU threads (libtorch's OpenMP
/// threads), BLAS calls on the calling thread alone, and glibc's malloc keeping freed memory
/// (returning it between differently sized tensors made libtorch 3-6x slower here). Call once,
/// before the first network runs.
void configureCpu(int threads);

}  // namespace hemu::models
