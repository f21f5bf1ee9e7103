// Fault injection: which request a rule hits, drawn from the seeded random source.
import type { RandomSource } from './random.js';
import type { FaultKind, FaultRule } from './types.js';

interface ActiveFault {
  rule: FaultRule;
  remaining: number;
}

export class FaultPlan {
  private active: ActiveFault[] = [];

  constructor(private readonly random: RandomSource) {}

  add(rule: FaultRule): void {
    this.active.push({ rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.active = [];
  }

  /** The fault for this request, if any; a hit uses up one of the rule's `times`. */
  draw(method: string, path: string): FaultKind | null {
    for (const fault of this.active) {
      const { rule } = fault;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.path !== undefined && rule.path !== path) continue;
      // Draw only for probabilistic rules, so deterministic ones do not consume the stream.
      if (rule.probability !== undefined && rule.probability < 1 && this.random.next() >= rule.probability) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.active = this.active.filter((f) => f !== fault);
      return rule.kind;
    }
    return null;
  }
}

export const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
