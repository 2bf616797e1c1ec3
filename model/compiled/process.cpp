#include "model/compiled/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>

extern char** environ;

namespace shootdown::compiled {

namespace {

pid_t spawn(const std::vector<std::string>& argv, const std::string& log, std::string& error) {
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str())); // posix_spawn does not write them
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, args[0], &files, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    if (rc != 0) {
        error = argv[0] + ": " + std::strerror(rc);
        return -1;
    }
    return pid;
}

int exit_status(int raw) {
    if (WIFEXITED(raw)) return WEXITSTATUS(raw);
    if (WIFSIGNALED(raw)) return 128 + WTERMSIG(raw);
    return -1;
}

} // namespace

ProcessResult run_all(const std::vector<std::vector<std::string>>& commands,
                      const std::vector<std::string>& logs, const std::atomic<bool>* cancel) {
    ProcessResult result;
    std::vector<pid_t> running;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const pid_t pid = spawn(commands[i], logs[i], result.error);
        if (pid < 0) break;
        running.push_back(pid);
    }
    result.started = running.size() == commands.size();
    result.status = result.started ? 0 : -1;
    bool failed = !result.started;
    while (!running.empty()) {
        if (failed || (cancel && cancel->load(std::memory_order_relaxed))) {
            result.cancelled = !failed;
            for (pid_t pid : running)
                kill(pid, SIGKILL);
        }
        for (std::size_t i = 0; i < running.size();) {
            int raw = 0;
            const pid_t done = waitpid(running[i], &raw, failed ? 0 : WNOHANG);
            if (done == 0 || (done < 0 && errno == EINTR)) {
                ++i;
                continue;
            }
            if (done > 0 && exit_status(raw) != 0 && !failed) {
                result.status = exit_status(raw);
                failed = true;
            }
            running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
        }
        if (!running.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (result.cancelled) result.status = -1;
    return result;
}

std::string first_error_line(const std::string& path) {
    std::ifstream in(path);
    std::string line, first;
    while (std::getline(in, line)) {
        if (first.empty()) first = line;
        if (line.find("error") != std::string::npos) return line;
    }
    return first;
}

} // namespace shootdown::compiled
