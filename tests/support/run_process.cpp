#include "run_process.hpp"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <future>

namespace test_support {

ProcessResult run_process(const std::string &program, const std::vector<std::string> &args,
                          const std::map<std::string, std::string> &env) {
    Poco::Pipe out_pipe, err_pipe;
    Poco::Process::Env environment(env.begin(), env.end());
    auto handle = Poco::Process::launch(program, args, ".", nullptr, &out_pipe, &err_pipe, environment);
    // Read both pipes at once so a chatty child cannot block on a full pipe.
    auto err_text = std::async(std::launch::async, [&] {
        Poco::PipeInputStream in(err_pipe);
        std::string s;
        Poco::StreamCopier::copyToString(in, s);
        return s;
    });
    ProcessResult r;
    Poco::PipeInputStream out_stream(out_pipe);
    Poco::StreamCopier::copyToString(out_stream, r.out);
    r.err = err_text.get();
    r.exit_code = handle.wait();
    return r;
}

} // namespace test_support
