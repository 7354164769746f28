// control::Server: the daemon's end of the control socket. Commands are registered by name; each
// request runs its handler on the loop thread (IKE state needs no locks) with a Reply to answer
// through. Several clients at once; a malformed request gets an error response, never a crash.
#pragma once

#include <asio/io_context.hpp>
#include <asio/local/stream_protocol.hpp>
#include <asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "control/protocol.hpp"
#include "control/reply.hpp"

namespace oakley::control {

class Session;

// `args` is the request's "args" object ({} when absent). A handler may answer at once or keep
// the ReplyPtr and answer later; an exception it throws becomes a fail() for the client.
using CommandHandler = std::function<void(const Json& args, ReplyPtr reply)>;

class Server {
 public:
  static constexpr std::size_t kMaxClients = 64;

  // `io` is the loop the handlers run on (the daemon passes its event loop's context).
  Server(asio::io_context& io, std::string path);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Replaces a handler registered under the same name.
  void register_command(std::string name, CommandHandler handler);
  std::vector<std::string> commands() const;

  // Creates the socket file (see socket_file.hpp) and starts accepting.
  Status start();
  // Disconnects every client (their open replies are cancelled) and removes the socket file.
  void stop();

  const std::string& path() const { return path_; }
  std::size_t clients() const { return sessions_.size(); }

 private:
  void accept();
  void on_accept(const asio::error_code& ec, asio::local::stream_protocol::socket socket);
  void dispatch(const std::shared_ptr<Session>& session, const std::string& line);
  void run_handler(const CommandHandler& handler, const Request& request, const ReplyPtr& reply);

  std::string path_;
  asio::local::stream_protocol::acceptor acceptor_;
  asio::steady_timer retry_timer_;  // accept() failed (EMFILE...): back off instead of spinning
  std::map<std::string, CommandHandler> handlers_;
  std::map<Session*, std::shared_ptr<Session>> sessions_;
  unsigned long socket_inode_ = 0;
  bool listening_ = false;
  // Completions can run after we are gone (the io_context outlives us): they check this first.
  std::shared_ptr<int> life_ = std::make_shared<int>(0);
};

}  // namespace oakley::control
