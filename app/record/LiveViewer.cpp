#include "app/record/LiveViewer.h"

#include "app/record/LocalDisplay.h"
#include "app/record/QtKeysyms.h"
#include "capture/Log.h"

#include <QtCore/QTimer>
#include <QtGui/QGuiApplication>
#include <QtGui/QImage>
#include <QtGui/QKeyEvent>
#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>
#include <QtGui/QScreen>
#include <QtGui/QWheelEvent>
#include <QtWidgets/QApplication>
#include <QtWidgets/QWidget>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <map>
#include <mutex>
#include <set>

namespace hemu::record {
namespace {

using actuation::MouseButton;

// Qt's own warnings (fonts, XDG_RUNTIME_DIR, ...) go to our logger, at debug level: they say
// nothing about the recording and would break the one-line-per-error rule on stderr.
void logQtMessage(QtMsgType type, const QMessageLogContext&, const QString& message) {
    auto log = namedLogger("record.viewer");
    if (type == QtFatalMsg)
        log->critical("Qt: {}", message.toStdString());
    else
        log->debug("Qt: {}", message.toStdString());
}

// X button numbers (as ActionSink and RFB count them) for Qt's buttons; 0 for none.
int xButton(Qt::MouseButton button) {
    switch (button) {
        case Qt::LeftButton:
            return 1;
        case Qt::MiddleButton:
            return 2;
        case Qt::RightButton:
            return 3;
        case Qt::BackButton:
            return 8;
        case Qt::ForwardButton:
            return 9;
        default:
            return 0;
    }
}

// One wheel notch: Qt reports angles in eighths of a degree, 15 degrees a notch.
constexpr int kWheelNotch = 120;

class ViewerWidget final : public QWidget {
public:
    ViewerWidget(cv::Size remote, actuation::ActionSink& input) : remote_(remote), input_(input) {
        setMouseTracking(true);  // motion without a button held, as a person moves to a field
        setFocusPolicy(Qt::StrongFocus);
        setAttribute(Qt::WA_OpaquePaintEvent);
        setAttribute(Qt::WA_InputMethodEnabled, false);  // keys, not composed text
    }

    void setFrame(const cv::Mat& image) {
        {
            std::lock_guard lock(mutex_);
            image_ = image;  // shares the pixels: frames are never written after the grab
        }
        // update() belongs to the GUI thread; Qt coalesces the repaints.
        QMetaObject::invokeMethod(
            this, [this] { update(); }, Qt::QueuedConnection);
    }

    std::exception_ptr error() const { return error_; }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter painter(this);
        cv::Mat image;
        {
            std::lock_guard lock(mutex_);
            image = image_;
        }
        const QRect target = remoteArea();
        painter.fillRect(rect(), Qt::black);
        if (image.empty()) return;
        // B,G,R,X bytes are QImage's RGB32 on little-endian machines; the X byte is ignored.
        const QImage frame(image.data, image.cols, image.rows, int(image.step),
                           QImage::Format_RGB32);
        painter.setRenderHint(QPainter::SmoothPixmapTransform, target.size() != frame.size());
        painter.drawImage(target, frame);
    }

    void mouseMoveEvent(QMouseEvent* event) override {
        forward([&] { movePointer(event->position()); });
    }

    void mousePressEvent(QMouseEvent* event) override {
        forward([&] { setButton(event, true); });
    }

    void mouseReleaseEvent(QMouseEvent* event) override {
        forward([&] { setButton(event, false); });
    }

    void mouseDoubleClickEvent(QMouseEvent* event) override {
        // Qt turns the second press of a double click into this event; the remote side does
        // its own double-click detection and needs the plain press.
        forward([&] { setButton(event, true); });
    }

    void wheelEvent(QWheelEvent* event) override {
        forward([&] {
            movePointer(event->position());
            wheel_ += event->angleDelta();
            // X buttons 4/5 scroll up/down, 6/7 left/right: one click of the button a notch.
            for (; wheel_.y() >= kWheelNotch; wheel_.ry() -= kWheelNotch) click(4);
            for (; wheel_.y() <= -kWheelNotch; wheel_.ry() += kWheelNotch) click(5);
            for (; wheel_.x() >= kWheelNotch; wheel_.rx() -= kWheelNotch) click(6);
            for (; wheel_.x() <= -kWheelNotch; wheel_.rx() += kWheelNotch) click(7);
        });
        event->accept();
    }

    void keyPressEvent(QKeyEvent* event) override {
        forward([&] {
            const auto keysym = keysymOf(*event);
            if (!keysym) return;
            // Held keys repeat as presses without releases, as from a keyboard.
            heldKeys_[event->nativeScanCode() ? event->nativeScanCode() : *keysym] = *keysym;
            input_.setKey(*keysym, true);
        });
    }

    void keyReleaseEvent(QKeyEvent* event) override {
        if (event->isAutoRepeat()) return;
        forward([&] {
            // Release what was pressed: Shift may have gone up between a press of 'A' and its
            // release, which Qt then reports as 'a'.
            const quint32 code = event->nativeScanCode();
            std::optional<std::uint32_t> keysym;
            if (auto it = heldKeys_.find(code); code && it != heldKeys_.end()) {
                keysym = it->second;
                heldKeys_.erase(it);
            } else {
                keysym = keysymOf(*event);
                if (keysym) heldKeys_.erase(*keysym);
            }
            if (keysym) input_.setKey(*keysym, false);
        });
    }

    void focusOutEvent(QFocusEvent* event) override {
        // Keys and buttons we never see released (the person switched windows) would stay
        // down on the remote side.
        forward([&] {
            for (const auto& [code, keysym] : heldKeys_) input_.setKey(keysym, false);
            heldKeys_.clear();
            for (int button : std::set<int>(heldButtons_)) {
                input_.setButton(MouseButton(button), false);
                heldButtons_.erase(button);
            }
        });
        QWidget::focusOutEvent(event);
    }

    bool focusNextPrevChild(bool) override { return false; }  // Tab belongs to the remote side

private:
    // Runs one forwarding step; an exception must not cross Qt's event loop.
    template <typename Step>
    void forward(Step step) {
        if (error_) return;
        try {
            step();
        } catch (...) {
            error_ = std::current_exception();
            close();
        }
    }

    QRect remoteArea() const {
        const double scale =
            std::min({1.0, double(width()) / remote_.width, double(height()) / remote_.height});
        return {0, 0, int(remote_.width * scale), int(remote_.height * scale)};
    }

    void movePointer(const QPointF& position) {
        const QRect area = remoteArea();
        const double scale = area.width() > 0 ? double(remote_.width) / area.width() : 1.0;
        const int x = std::clamp(int(position.x() * scale), 0, remote_.width - 1);
        const int y = std::clamp(int(position.y() * scale), 0, remote_.height - 1);
        if (x == x_ && y == y_) return;
        x_ = x;
        y_ = y;
        input_.movePointer(x, y);
    }

    void setButton(QMouseEvent* event, bool down) {
        const int button = xButton(event->button());
        if (button == 0) return;
        movePointer(event->position());
        if (down)
            heldButtons_.insert(button);
        else
            heldButtons_.erase(button);
        input_.setButton(MouseButton(button), down);
    }

    void click(int button) {
        input_.setButton(MouseButton(button), true);
        input_.setButton(MouseButton(button), false);
    }

    static std::optional<std::uint32_t> keysymOf(const QKeyEvent& event) {
        // On xcb the native virtual key is the X keysym itself (QXcbKeyboard).
        static const bool nativeIsKeysym = QGuiApplication::platformName() == "xcb";
        return keysymForQtKey(event.key(), event.modifiers(), event.text(),
                              nativeIsKeysym ? event.nativeVirtualKey() : 0);
    }

    const cv::Size remote_;
    actuation::ActionSink& input_;
    std::mutex mutex_;
    cv::Mat image_;
    int x_ = -1, y_ = -1;
    QPoint wheel_;
    std::map<std::uint32_t, std::uint32_t> heldKeys_;  // scan code (or keysym) → keysym pressed
    std::set<int> heldButtons_;
    std::exception_ptr error_;
};

}  // namespace

struct LiveViewer::Impl {
    // QApplication keeps references to argc and argv for its lifetime.
    int argc = 1;
    char programName[5] = "hemu";
    char* argv[2] = {programName, nullptr};
    std::unique_ptr<QApplication> application;
    std::unique_ptr<ViewerWidget> window;
};

LiveViewer::LiveViewer(cv::Size remoteSize, actuation::ActionSink& input, const std::string& title)
    : impl_(std::make_unique<Impl>()) {
    requireLocalDisplay();
    // The display was checked as an X display; a session's Wayland default would bypass that
    // check and lose the exact keysyms xcb reports.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "xcb");
    qInstallMessageHandler(logQtMessage);
    impl_->application = std::make_unique<QApplication>(impl_->argc, impl_->argv);
    impl_->window = std::make_unique<ViewerWidget>(remoteSize, input);
    impl_->window->setWindowTitle(QString::fromStdString(title));
    QSize size(remoteSize.width, remoteSize.height);
    if (QScreen* screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size());
    impl_->window->resize(size);
}

LiveViewer::~LiveViewer() {
    impl_->window.reset();
    impl_->application.reset();
    qInstallMessageHandler(nullptr);
}

void LiveViewer::showFrame(const capture::Frame& frame) {
    impl_->window->setFrame(frame.image);
}

void LiveViewer::run(const std::function<bool()>& keepRunning) {
    ViewerWidget& window = *impl_->window;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (!keepRunning()) window.close();
    });
    poll.start(50);
    window.show();
    window.activateWindow();
    QApplication::exec();
    if (auto error = window.error()) std::rethrow_exception(error);
}

}  // namespace hemu::record
