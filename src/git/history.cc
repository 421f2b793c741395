// Range walk over the commit graph (see history.h): git's merge-base painting, which also yields
// the commits only the target reaches, then a topological sort of those commits.
#include "git/history.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

namespace proofline::git {
namespace {

constexpr uint8_t kFromTarget = 1;
constexpr uint8_t kFromBaseline = 2;
constexpr uint8_t kStale = 4;  // below a commit that both sides reach
constexpr uint8_t kBothSides = kFromTarget | kFromBaseline;

struct Node {
  ObjectId id;
  int64_t time = 0;
  uint64_t order = 0;             // discovery order: breaks ties between equal times
  std::vector<ObjectId> parents;  // empty at the shallow boundary
  bool boundary = false;          // a shallow commit: its parents were not fetched
  uint8_t flags = 0;
  uint32_t pending_children = 0;  // topological sort: children in the range not yet emitted
};

// Heap order: the newest commit first; among equal times, the one found first.
bool OlderThan(const Node* a, const Node* b) {
  if (a->time != b->time) return a->time < b->time;
  return a->order > b->order;
}

class RangeWalker {
 public:
  explicit RangeWalker(const Repository& repo) : repo_(repo) {}

  // Paints every commit the walk visits with the sides that reach it.
  Status Paint(const ObjectId& baseline, const ObjectId& target);
  RangeHistory Finish(const ObjectId& baseline);

 private:
  Result<Node*> Get(const ObjectId& id);
  Status Visit(Node* node);
  bool OnlyTargetReaches(const Node& node) const { return node.flags == kFromTarget; }
  std::vector<ObjectId> SortRange();
  void Push(Node* node);
  Node* Pop();

  const Repository& repo_;
  std::unordered_map<ObjectId, Node, ObjectIdHash> nodes_;  // references stay valid
  std::vector<Node*> queue_;                                // a heap ordered by OlderThan
  bool cut_by_boundary_ = false;
};

Result<Node*> RangeWalker::Get(const ObjectId& id) {
  auto it = nodes_.find(id);
  if (it != nodes_.end()) return &it->second;
  ASSIGN_OR_RETURN(CommitLinks links, repo_.ReadCommitLinks(id));
  Node& node = nodes_[id];
  node.id = id;
  node.time = links.time;
  node.order = nodes_.size();
  node.boundary = repo_.IsShallowBoundary(id);
  if (!node.boundary) node.parents = std::move(links.parents);
  return &node;
}

void RangeWalker::Push(Node* node) {
  queue_.push_back(node);
  std::push_heap(queue_.begin(), queue_.end(), OlderThan);
}

Node* RangeWalker::Pop() {
  std::pop_heap(queue_.begin(), queue_.end(), OlderThan);
  Node* node = queue_.back();
  queue_.pop_back();
  return node;
}

Status RangeWalker::Paint(const ObjectId& baseline, const ObjectId& target) {
  ASSIGN_OR_RETURN(Node * target_node, Get(target));
  ASSIGN_OR_RETURN(Node * baseline_node, Get(baseline));
  target_node->flags |= kFromTarget;
  baseline_node->flags |= kFromBaseline;
  Push(target_node);
  if (baseline_node != target_node) Push(baseline_node);
  auto not_stale = [](const Node* node) { return (node->flags & kStale) == 0; };
  while (std::any_of(queue_.begin(), queue_.end(), not_stale)) {
    RETURN_IF_ERROR(Visit(Pop()));
  }
  return OkStatus();
}

// Passes the node's sides on to its parents; a commit both sides reach makes its history stale.
Status RangeWalker::Visit(Node* node) {
  if ((node->flags & kBothSides) == kBothSides) node->flags |= kStale;
  const uint8_t flags = node->flags;
  if (node->boundary && flags == kFromTarget) cut_by_boundary_ = true;
  for (const ObjectId& parent_id : node->parents) {
    ASSIGN_OR_RETURN(Node * parent, Get(parent_id));
    if ((parent->flags & flags) == flags) continue;
    parent->flags |= flags;
    Push(parent);
  }
  return OkStatus();
}

// Kahn's algorithm over the commits only the target reaches, newest ready commit first. Their
// parents were all loaded when the walk visited them.
std::vector<ObjectId> RangeWalker::SortRange() {
  std::vector<Node*> range;
  for (auto& [id, node] : nodes_) {
    if (OnlyTargetReaches(node)) range.push_back(&node);
  }
  auto range_parents = [&](const Node* node, auto&& fn) {
    for (const ObjectId& parent_id : node->parents) {
      auto it = nodes_.find(parent_id);
      if (it != nodes_.end() && OnlyTargetReaches(it->second)) fn(&it->second);
    }
  };
  for (const Node* node : range) range_parents(node, [](Node* p) { ++p->pending_children; });
  queue_.clear();
  for (Node* node : range) {
    if (node->pending_children == 0) Push(node);
  }
  std::vector<ObjectId> sorted;
  sorted.reserve(range.size());
  while (!queue_.empty()) {
    Node* node = Pop();
    sorted.push_back(node->id);
    range_parents(node, [&](Node* p) {
      if (--p->pending_children == 0) Push(p);
    });
  }
  return sorted;
}

RangeHistory RangeWalker::Finish(const ObjectId& baseline) {
  RangeHistory history;
  history.baseline_is_ancestor = (nodes_.at(baseline).flags & kFromTarget) != 0;
  history.cut_by_shallow_boundary = cut_by_boundary_;
  history.commits = SortRange();
  return history;
}

}  // namespace

Result<RangeHistory> WalkRange(const Repository& repo, const ObjectId& baseline,
                               const ObjectId& target) {
  RangeWalker walker(repo);
  RETURN_IF_ERROR(walker.Paint(baseline, target));
  return walker.Finish(baseline);
}

}  // namespace proofline::git
