#include "control/server.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <chrono>

#include "common/log.hpp"
#include "control/session.hpp"
#include "control/socket_file.hpp"

namespace oakley::control {

Server::Server(asio::io_context& io, std::string path)
    : path_(std::move(path)), acceptor_(io), retry_timer_(io) {}

Server::~Server() {
  stop();
}

void Server::register_command(std::string name, CommandHandler handler) {
  handlers_[std::move(name)] = std::move(handler);
}

std::vector<std::string> Server::commands() const {
  std::vector<std::string> names;
  for (const auto& [name, handler] : handlers_)
    names.push_back(name);
  return names;
}

Status Server::start() {
  if (listening_) return make_error(fmt::format("control socket {} is already open", path_));
  auto listening = listen_unix(path_);
  if (!listening) return listening.take_error();
  asio::error_code ec;
  acceptor_.assign(asio::local::stream_protocol(), listening->fd, ec);
  if (ec) {
    ::close(listening->fd);
    remove_socket_file(path_, listening->inode);
    return make_error(fmt::format("control socket {}: {}", path_, ec.message()));
  }
  socket_inode_ = listening->inode;
  listening_ = true;
  log::info("control", "listening on {}", path_);
  accept();
  return {};
}

void Server::stop() {
  if (!listening_) return;
  listening_ = false;
  asio::error_code ignored;
  acceptor_.close(ignored);
  retry_timer_.cancel();
  auto sessions = std::move(sessions_);
  for (auto& [raw, session] : sessions) {
    session->detach();
    session->close();
  }
  remove_socket_file(path_, static_cast<ino_t>(socket_inode_));
}

void Server::accept() {
  acceptor_.async_accept(
      [this, alive = std::weak_ptr<int>(life_)](const asio::error_code& ec,
                                                asio::local::stream_protocol::socket socket) {
        if (!alive.expired()) on_accept(ec, std::move(socket));
      });
}

void Server::on_accept(const asio::error_code& ec, asio::local::stream_protocol::socket socket) {
  if (!listening_ || ec == asio::error::operation_aborted) return;
  if (ec) {
    log::warn("control", "accept on {} failed: {}; retrying", path_, ec.message());
    retry_timer_.expires_after(std::chrono::milliseconds(200));
    retry_timer_.async_wait([this, alive = std::weak_ptr<int>(life_)](const asio::error_code& e) {
      if (!e && !alive.expired() && listening_) accept();
    });
    return;
  }
  auto session = std::make_shared<Session>(
      std::move(socket),
      [this](const std::shared_ptr<Session>& s, const std::string& line) { dispatch(s, line); },
      [this](Session* s) { sessions_.erase(s); });
  if (sessions_.size() >= kMaxClients) {
    session->detach();
    session->refuse(
        error_line(0, fmt::format("too many control clients (at most {})", kMaxClients)));
  } else {
    sessions_.emplace(session.get(), session);
    session->start();
  }
  accept();
}

void Server::dispatch(const std::shared_ptr<Session>& session, const std::string& line) {
  auto parsed = parse_json_line(line);
  std::uint64_t id = parsed ? request_id(*parsed) : 0;
  auto request = parsed ? to_request(*parsed) : Result<Request>(parsed.take_error());
  if (!request) {
    log::debug("control", "malformed request: {}", request.error().message);
    session->send(error_line(id, "malformed request: " + request.error().message), true);
    return;
  }
  auto handler = handlers_.find(request->command);
  if (handler == handlers_.end()) {
    session->send(error_line(id, fmt::format("unknown command '{}' (known: {})", request->command,
                                             fmt::join(commands(), ", "))),
                  true);
    return;
  }
  std::weak_ptr<Session> weak = session;
  auto reply =
      std::make_shared<Reply>(id, request->command, [weak, id](std::string out, bool final) {
        auto s = weak.lock();
        return s && s->send(std::move(out), final, id);
      });
  reply->set_backlog_probe([weak] {
    auto s = weak.lock();
    return s ? s->queued_bytes() : std::size_t{0};
  });
  session->track(reply);
  run_handler(handler->second, *request, reply);
}

void Server::run_handler(const CommandHandler& handler, const Request& request,
                         const ReplyPtr& reply) {
  try {
    handler(request.args, reply);
  } catch (const nlohmann::json::exception& e) {
    // Handlers read their args with nlohmann's checked accessors: a wrong type lands here.
    reply->fail(fmt::format("bad arguments for '{}': {}", request.command, e.what()));
  } catch (const std::exception& e) {
    log::error("control", "command '{}' failed: {}", request.command, e.what());
    reply->fail(fmt::format("internal error in '{}': {}", request.command, e.what()));
  }
}

}  // namespace oakley::control
