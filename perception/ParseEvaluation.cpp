#include "perception/ParseEvaluation.h"

#include "models/Charset.h"

#include <algorithm>
#include <vector>

namespace hemu::perception {
namespace {

double overlap(const cv::Rect& a, const cv::Rect& b) {
    const double inter = (a & b).area();
    const double uni = double(a.area()) + b.area() - inter;
    return uni > 0 ? inter / uni : 0;
}

}  // namespace

double DetectionCounts::precision() const {
    return truePositives + falsePositives ? double(truePositives) / (truePositives + falsePositives) : 1;
}
double DetectionCounts::recall() const {
    return truePositives + falseNegatives ? double(truePositives) / (truePositives + falseNegatives) : 1;
}
double DetectionCounts::f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

void ParseScore::add(const ParseScore& o) {
    for (std::size_t i = 0; i < byType.size(); ++i) {
        byType[i].truePositives += o.byType[i].truePositives;
        byType[i].falsePositives += o.byType[i].falsePositives;
        byType[i].falseNegatives += o.byType[i].falseNegatives;
    }
    stateCorrect += o.stateCorrect;
    stateTotal += o.stateTotal;
    textExact += o.textExact;
    textTotal += o.textTotal;
    textEdits += o.textEdits;
    textCharacters += o.textCharacters;
    labelCorrect += o.labelCorrect;
    labelTotal += o.labelTotal;
    mistakes.insert(mistakes.end(), o.mistakes.begin(), o.mistakes.end());
}

int editDistance(const std::string& a8, const std::string& b8) {
    const std::u32string a = models::utf8ToU32(a8), b = models::utf8ToU32(b8);
    std::vector<int> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = int(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const int up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::string_view toString(ParseMistake::Kind kind) {
    switch (kind) {
        case ParseMistake::Kind::Missed: return "missed";
        case ParseMistake::Kind::Spurious: return "spurious";
        case ParseMistake::Kind::Text: return "text";
        case ParseMistake::Kind::Label: return "label";
        case ParseMistake::Kind::State: return "state";
    }
    return "?";
}

ParseScore scoreParse(const ScreenParse& predicted, const ScreenParse& truth) {
    ParseScore score;
    // Greedy matching, best overlaps first.
    struct Candidate { double iou; std::size_t p, t; };
    std::vector<Candidate> candidates;
    for (std::size_t p = 0; p < predicted.elements.size(); ++p)
        for (std::size_t t = 0; t < truth.elements.size(); ++t)
            if (predicted.elements[p].type == truth.elements[t].type) {
                const double v = overlap(predicted.elements[p].box, truth.elements[t].box);
                if (v >= 0.5) candidates.push_back({v, p, t});
            }
    std::sort(candidates.begin(), candidates.end(), [](auto& a, auto& b) { return a.iou > b.iou; });
    std::vector<long> truthOf(predicted.elements.size(), -1), predictedOf(truth.elements.size(), -1);
    for (const auto& c : candidates) {
        if (truthOf[c.p] >= 0 || predictedOf[c.t] >= 0) continue;
        truthOf[c.p] = long(c.t);
        predictedOf[c.t] = long(c.p);
    }
    for (std::size_t p = 0; p < predicted.elements.size(); ++p) {
        if (truthOf[p] >= 0) continue;
        const Element& pe = predicted.elements[p];
        score.byType[std::size_t(pe.type)].falsePositives++;
        score.mistakes.push_back({ParseMistake::Kind::Spurious, pe.type, pe.box, "", pe.text});
    }
    for (std::size_t t = 0; t < truth.elements.size(); ++t) {
        const Element& te = truth.elements[t];
        auto& counts = score.byType[std::size_t(te.type)];
        if (predictedOf[t] < 0) {
            counts.falseNegatives++;
            score.mistakes.push_back({ParseMistake::Kind::Missed, te.type, te.box, te.text, ""});
            continue;
        }
        counts.truePositives++;
        const Element& pe = predicted.elements[std::size_t(predictedOf[t])];
        if (te.checked) {
            ++score.stateTotal;
            score.stateCorrect += pe.checked == te.checked;
            auto name = [](std::optional<bool> c) { return c ? (*c ? "checked" : "unchecked") : ""; };
            if (pe.checked != te.checked)
                score.mistakes.push_back({ParseMistake::Kind::State, te.type, te.box, name(te.checked), name(pe.checked)});
        }
        if (!te.text.empty()) {
            ++score.textTotal;
            score.textExact += pe.text == te.text;
            if (pe.text != te.text)
                score.mistakes.push_back({ParseMistake::Kind::Text, te.type, te.box, te.text, pe.text});
            score.textEdits += editDistance(pe.text, te.text);
            score.textCharacters += long(models::utf8ToU32(te.text).size());
        }
        if (te.label) {
            ++score.labelTotal;
            const bool right = pe.label && predictedOf[*te.label] >= 0 &&
                               std::size_t(predictedOf[*te.label]) == *pe.label;
            score.labelCorrect += right;
            if (!right)
                score.mistakes.push_back({ParseMistake::Kind::Label, te.type, te.box, truth.labelText(t),
                                          predicted.labelText(std::size_t(predictedOf[t]))});
        }
    }
    return score;
}

}  // namespace hemu::perception
