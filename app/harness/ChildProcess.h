#pragma once
// A child process we started and must stop: started in its own process group, so stopping
// it (SIGTERM, then SIGKILL) takes its children too; the destructor always stops it.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hemu::harness {

struct ChildOptions {
    std::vector<std::string> argv;                 ///< argv[0] is looked up in PATH
    std::map<std::string, std::string> env;        ///< added to (or replacing in) our environment
    bool captureStdout = false;                    ///< readLine() reads it; else inherited
    bool quiet = false;                            ///< stderr (and stdout unless captured) to /dev/null
    /// stdout (unless captured) and stderr go to these files, created or truncated; both may
    /// name the same file, which then gets both streams interleaved. Override `quiet`.
    std::string stdoutFile;
    std::string stderrFile;
    int passFd = -1;                               ///< a descriptor the child keeps open (-displayfd)
};

class ChildProcess {
public:
    /// Starts the program; throws std::runtime_error if it cannot be started.
    explicit ChildProcess(const ChildOptions& options);
    ~ChildProcess();
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&&) = delete;
    ChildProcess(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    /// Exit code (or 128+signal) once it has exited within the timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    /// SIGTERM to the group, up to `grace` for it to exit, then SIGKILL. Idempotent.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));
    /// Next line of captured stdout (without '\n'), or nullopt on timeout or end of output.
    std::optional<std::string> readLine(std::chrono::milliseconds timeout);
    /// Like readLine, but the line keeps its '\n' (missing only from a last line the child did
    /// not end), so the lines read add up to exactly what the child wrote.
    std::optional<std::string> readLineWithNewline(std::chrono::milliseconds timeout);
    /// True once the child closed its stdout and every line of it has been read: tells the end
    /// of the output from a read that timed out.
    bool stdoutEnded() const { return stdoutEnded_ && buffered_.empty(); }
    /// Everything the child writes to stdout until it closes it (or the timeout).
    std::string readAll(std::chrono::milliseconds timeout);

private:
    pid_t pid_ = -1;
    int stdoutFd_ = -1;
    std::string buffered_;
    bool stdoutEnded_ = false;
    std::optional<int> exitCode_;
};

}  // namespace hemu::harness
