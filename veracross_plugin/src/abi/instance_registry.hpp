// Instance handles the plugin can check. A handle is an id, never a pointer:
// a call after destroy, a second destroy or a made-up handle finds nothing
// and gets SIS_INVALID_ARGUMENT instead of touching freed memory; a call on
// an instance already in a call gets SIS_BUSY. Ids are never reused.
#pragma once

#include "operations/school_connection.hpp"
#include "sis_plugin.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace veracross {

struct InstanceSlot {
    std::unique_ptr<SchoolConnection> connection;
    std::atomic<bool> busy{false};             // a call (or destroy) holds the instance
    std::atomic<bool> cancel_requested{false}; // set by cancel, cleared when a call returns
    // Held by cancel while it cuts the connection's I/O, and by destroy while
    // it takes the connection away: a cancel (from any thread, at any time)
    // never reaches a connection being destroyed.
    std::mutex cancel_mutex;
};

class InstanceRegistry {
public:
    static InstanceRegistry &get();

    sis_instance *add(std::shared_ptr<InstanceSlot> slot);
    // The instance, or nullptr for a handle that is not (or no longer) one.
    std::shared_ptr<InstanceSlot> find(const sis_instance *handle) const;
    // SIS_OK (destroyed; its threads have ended), SIS_BUSY (in a call:
    // nothing done) or SIS_INVALID_ARGUMENT (no such instance).
    sis_status destroy(const sis_instance *handle);

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::uintptr_t, std::shared_ptr<InstanceSlot>> slots_;
    std::uintptr_t next_id_ = 1;
};

// Holds an instance for one call: busy until the call returns, then clears
// a cancel that was meant for this call. held() is false when another call
// already holds it (SIS_BUSY).
class CallHold {
public:
    explicit CallHold(std::shared_ptr<InstanceSlot> slot);
    ~CallHold();
    CallHold(const CallHold &) = delete;
    CallHold &operator=(const CallHold &) = delete;

    bool held() const { return held_; }
    InstanceSlot &slot() { return *slot_; }

private:
    std::shared_ptr<InstanceSlot> slot_;
    bool held_ = false;
};

} // namespace veracross
