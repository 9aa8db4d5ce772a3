#include "app/harness/ChildProcess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <utility>

extern char** environ;

namespace hemu::harness {
namespace {

using Clock = std::chrono::steady_clock;

struct OwnedFd {
    int fd = -1;
    OwnedFd() = default;
    OwnedFd(const OwnedFd&) = delete;
    ~OwnedFd() {
        if (fd >= 0) close(fd);
    }
};

int openOutputFile(const std::string& path) {
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    return fd;
}

int remainingMs(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return left.count() > 0 ? int(left.count()) : 0;
}

}  // namespace

ChildProcess::ChildProcess(const ChildOptions& options) {
    if (options.argv.empty()) throw std::runtime_error("ChildProcess: empty argv");
    // Output files are opened before fork, so that a bad path is an error here rather than a
    // silent child; they are closed in the parent when this returns (O_CLOEXEC in the child).
    OwnedFd stdoutFile, stderrFile;
    if (!options.stdoutFile.empty() && !options.captureStdout)
        stdoutFile.fd = openOutputFile(options.stdoutFile);
    if (!options.stderrFile.empty()) {
        // The same file twice shares one open file description, so the streams interleave
        // instead of overwriting each other.
        stderrFile.fd = options.stderrFile == options.stdoutFile && stdoutFile.fd >= 0
                            ? fcntl(stdoutFile.fd, F_DUPFD_CLOEXEC, 0)
                            : openOutputFile(options.stderrFile);
    }
    int pipeFds[2] = {-1, -1};
    if (options.captureStdout && pipe2(pipeFds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));

    // Build everything before fork: after it only async-signal-safe calls are allowed.
    std::vector<std::string> envStrings;
    for (char** e = environ; *e; ++e) {
        std::string entry(*e);
        const std::string key = entry.substr(0, entry.find('='));
        if (!options.env.count(key)) envStrings.push_back(entry);
    }
    for (const auto& [key, value] : options.env) envStrings.push_back(key + "=" + value);
    std::vector<char*> envp, argv;
    for (auto& s : envStrings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = options.argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);

    pid_ = fork();
    if (pid_ < 0) {
        for (int fd : pipeFds)
            if (fd >= 0) close(fd);
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    }
    if (pid_ == 0) {
        setpgid(0, 0);
        if (options.quiet) {
            const int devNull = open("/dev/null", O_WRONLY);
            dup2(devNull, STDERR_FILENO);
            if (!options.captureStdout) dup2(devNull, STDOUT_FILENO);
        }
        if (options.captureStdout) dup2(pipeFds[1], STDOUT_FILENO);
        if (stdoutFile.fd >= 0) dup2(stdoutFile.fd, STDOUT_FILENO);
        if (stderrFile.fd >= 0) dup2(stderrFile.fd, STDERR_FILENO);
        if (options.passFd >= 0) {
            const int flags = fcntl(options.passFd, F_GETFD);
            fcntl(options.passFd, F_SETFD, flags & ~FD_CLOEXEC);
        }
        const int devNullIn = open("/dev/null", O_RDONLY);
        dup2(devNullIn, STDIN_FILENO);
        execvpe(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    setpgid(pid_, pid_);  // also from the parent: no race with an early stop()
    if (options.captureStdout) {
        close(pipeFds[1]);
        stdoutFd_ = pipeFds[0];
    }
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), stdoutFd_(other.stdoutFd_), buffered_(std::move(other.buffered_)),
      stdoutEnded_(other.stdoutEnded_), exitCode_(other.exitCode_) {
    other.pid_ = -1;
    other.stdoutFd_ = -1;
}

ChildProcess::~ChildProcess() {
    stop();
    if (stdoutFd_ >= 0) close(stdoutFd_);
}

bool ChildProcess::running() { return pid_ > 0 && !wait(std::chrono::milliseconds(0)); }

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (exitCode_ || pid_ <= 0) return exitCode_;
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t done = waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            exitCode_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return exitCode_;
        }
        if (done < 0 || Clock::now() >= deadline) return std::nullopt;
        // waitpid has no timeout; a short poll interval keeps reaction fast.
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0 || exitCode_) {
        if (pid_ > 0) kill(-pid_, SIGKILL);  // leftovers of the group, if any
        return;
    }
    kill(-pid_, SIGTERM);
    if (!wait(grace)) {
        kill(-pid_, SIGKILL);
        wait(std::chrono::milliseconds(5000));
    }
    kill(-pid_, SIGKILL);
}

std::optional<std::string> ChildProcess::readLine(std::chrono::milliseconds timeout) {
    auto line = readLineWithNewline(timeout);
    if (line && line->ends_with('\n')) line->pop_back();
    return line;
}

std::optional<std::string> ChildProcess::readLineWithNewline(std::chrono::milliseconds timeout) {
    if (stdoutFd_ < 0) return std::nullopt;
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (auto newline = buffered_.find('\n'); newline != std::string::npos) {
            std::string line = buffered_.substr(0, newline + 1);
            buffered_.erase(0, newline + 1);
            return line;
        }
        pollfd pfd{stdoutFd_, POLLIN, 0};
        if (poll(&pfd, 1, remainingMs(deadline)) <= 0) return std::nullopt;
        char chunk[4096];
        const ssize_t n = read(stdoutFd_, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            stdoutEnded_ = true;
            if (buffered_.empty()) return std::nullopt;
            return std::exchange(buffered_, {});
        }
        buffered_.append(chunk, std::size_t(n));
    }
}

std::string ChildProcess::readAll(std::chrono::milliseconds timeout) {
    std::string all;
    const auto deadline = Clock::now() + timeout;
    while (auto line = readLine(std::chrono::milliseconds(remainingMs(deadline)))) {
        all += *line + "\n";
    }
    return all;
}

}  // namespace hemu::harness
