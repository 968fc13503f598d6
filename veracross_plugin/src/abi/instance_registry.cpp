// The table of live instances behind the ABI's checked handles
// (see instance_registry.hpp).
#include "abi/instance_registry.hpp"


namespace veracross {
namespace {

// A tag in the low bits: a stray small integer or a pointer the host made
// up is unlikely to look like an id (the map decides in the end).
constexpr std::uintptr_t kTag = 0x5;
constexpr unsigned kTagBits = 4;

std::uintptr_t id_of(const sis_instance *handle) { return reinterpret_cast<std::uintptr_t>(handle); }

} // namespace

InstanceRegistry &InstanceRegistry::get() {
    static InstanceRegistry registry;
    return registry;
}

sis_instance *InstanceRegistry::add(std::shared_ptr<InstanceSlot> slot) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::uintptr_t id = (next_id_++ << kTagBits) | kTag;
    slots_.emplace(id, std::move(slot));
    return reinterpret_cast<sis_instance *>(id);
}

std::shared_ptr<InstanceSlot> InstanceRegistry::find(const sis_instance *handle) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = slots_.find(id_of(handle));
    return it == slots_.end() ? nullptr : it->second;
}

sis_status InstanceRegistry::destroy(const sis_instance *handle) {
    std::shared_ptr<InstanceSlot> slot;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = slots_.find(id_of(handle));
        if (it == slots_.end()) return SIS_INVALID_ARGUMENT;
        // Taking busy under the lock: no call can start on it from now on.
        if (it->second->busy.exchange(true)) return SIS_BUSY;
        slot = std::move(it->second);
        slots_.erase(it);
    }
    // A call that found the slot but lost the race for busy touches only
    // `busy`; a concurrent cancel holds cancel_mutex while it uses the
    // connection. The connection (and its threads) end here, on this thread,
    // before destroy returns.
    std::unique_ptr<SchoolConnection> connection;
    {
        std::lock_guard<std::mutex> lock(slot->cancel_mutex);
        connection = std::move(slot->connection);
    }
    connection.reset();
    return SIS_OK;
}

CallHold::CallHold(std::shared_ptr<InstanceSlot> slot) : slot_(std::move(slot)) {
    held_ = slot_ && !slot_->busy.exchange(true);
}

CallHold::~CallHold() {
    if (!held_) return;
    // A cancel is for the call in progress (or the next one): spent now.
    slot_->cancel_requested = false;
    if (slot_->connection) slot_->connection->resume();
    slot_->busy = false;
}

} // namespace veracross
