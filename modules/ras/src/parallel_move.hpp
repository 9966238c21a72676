// Internal to the back ends: ordering a set of simultaneous register moves.
#pragma once

#include <cstddef>
#include <vector>

namespace ras {

// A register-to-register move (register numbers of one back end's choosing).
struct Move {
  int dst;
  int src;
};

// Register-to-register moves that happen "at once" (argument setup before a
// call): a move goes first when its destination is no other pending move's
// source; a cycle is broken with emit_swap(dst, src).
template <class EmitMove, class EmitSwap>
void parallel_move(std::vector<Move>& moves, EmitMove emit_move, EmitSwap emit_swap) {
  std::erase_if(moves, [](const Move& m) { return m.dst == m.src; });
  while (!moves.empty()) {
    bool progressed = false;
    for (size_t i = 0; i < moves.size(); ++i) {
      bool blocked = false;
      for (size_t j = 0; j < moves.size(); ++j)
        if (j != i && moves[j].src == moves[i].dst) blocked = true;
      if (blocked) continue;
      emit_move(moves[i].dst, moves[i].src);
      moves.erase(moves.begin() + static_cast<long>(i));
      progressed = true;
      break;
    }
    if (progressed) continue;
    Move m = moves.front();  // every destination is some source: a cycle
    emit_swap(m.dst, m.src);
    moves.erase(moves.begin());
    for (Move& other : moves)
      if (other.src == m.dst) other.src = m.src;
    std::erase_if(moves, [](const Move& x) { return x.dst == x.src; });
  }
}

}  // namespace ras
