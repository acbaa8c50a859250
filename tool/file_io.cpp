// File reading and atomic writing (see file_io.h).
#include "file_io.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace gogo_tool {

namespace fs = llvm::sys::fs;

bool read_source(const std::string& path, std::string& text,
                 std::string& error) {
  fs::file_status st;
  if (std::error_code ec = fs::status(path, st)) {
    error = ec == std::errc::no_such_file_or_directory
                ? "no such file: '" + path + "'"
                : "cannot read '" + path + "': " + ec.message();
    return false;
  }
  if (st.type() == fs::file_type::directory_file) {
    error = "'" + path + "' is a directory, not a source file";
    return false;
  }
  if (st.type() != fs::file_type::regular_file &&
      st.type() != fs::file_type::symlink_file) {
    error = "'" + path + "' is not a regular file";
    return false;
  }
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = "cannot read '" + path + "': " + buffer.getError().message();
    return false;
  }
  text = (*buffer)->getBuffer().str();
  return true;
}

bool write_atomically(const std::string& path, llvm::StringRef text,
                      std::string& error) {
  llvm::SmallString<256> dir(path);
  llvm::sys::path::remove_filename(dir);
  if (dir.empty()) dir = ".";
  if (std::error_code ec = fs::create_directories(dir)) {
    error = "cannot create directory '" + std::string(dir) + "': " + ec.message();
    return false;
  }
  llvm::SmallString<256> model(dir);
  llvm::sys::path::append(model, "." + llvm::sys::path::filename(path).str() +
                                     ".gogo-%%%%%%.tmp");
  int fd = -1;
  llvm::SmallString<256> temp;
  if (std::error_code ec = fs::createUniqueFile(model, fd, temp)) {
    error = "cannot write '" + path + "': " + ec.message();
    return false;
  }
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out << text;
    out.flush();
    if (out.has_error()) {
      error = "cannot write '" + path + "': " + out.error().message();
      out.clear_error();
      fs::remove(temp);
      return false;
    }
  }
  fs::file_status old;
  if (!fs::status(path, old) && old.type() == fs::file_type::regular_file)
    fs::setPermissions(temp, old.permissions());
  else
    fs::setPermissions(temp, fs::perms(fs::all_read | fs::owner_write));
  if (std::error_code ec = fs::rename(temp, path)) {
    error = "cannot write '" + path + "': " + ec.message();
    fs::remove(temp);
    return false;
  }
  return true;
}

}  // namespace gogo_tool
