package io.github.ecspreflight.hcl;

import java.math.BigDecimal;
import java.util.Objects;

/** HCL's arithmetic, comparison and logic operators; any unknown operand makes the result unknown. */
final class Operators {

    private Operators() {}

    static Value binary(Expr.Binary expr, Value left, Value right) {
        if (left instanceof Value.Unknown || right instanceof Value.Unknown) {
            return Evaluator.unknown(expr);
        }
        return switch (expr.operator()) {
            case "==" -> new Value.Bool(same(left, right));
            case "!=" -> new Value.Bool(!same(left, right));
            case "&&" -> new Value.Bool(Evaluator.truth(left, expr.left()) && Evaluator.truth(right, expr.right()));
            case "||" -> new Value.Bool(Evaluator.truth(left, expr.left()) || Evaluator.truth(right, expr.right()));
            default -> arithmetic(expr.operator(), Functions.number(left), Functions.number(right));
        };
    }

    private static Value arithmetic(String operator, BigDecimal a, BigDecimal b) {
        return switch (operator) {
            case "+" -> new Value.Num(a.add(b));
            case "-" -> new Value.Num(a.subtract(b));
            case "*" -> new Value.Num(a.multiply(b));
            case "/" -> new Value.Num(Evaluator.divide(a, b));
            case "%" -> {
                if (b.signum() == 0) {
                    throw new EvalException("modulo by zero");
                }
                yield new Value.Num(a.remainder(b));
            }
            case "<" -> new Value.Bool(a.compareTo(b) < 0);
            case "<=" -> new Value.Bool(a.compareTo(b) <= 0);
            case ">" -> new Value.Bool(a.compareTo(b) > 0);
            case ">=" -> new Value.Bool(a.compareTo(b) >= 0);
            default -> throw new EvalException("unknown operator " + operator);
        };
    }

    static Value unary(Expr.Unary expr, Value operand) {
        if (operand instanceof Value.Unknown) {
            return Evaluator.unknown(expr);
        }
        if ("!".equals(expr.operator())) {
            return new Value.Bool(!Evaluator.truth(operand, expr.operand()));
        }
        return new Value.Num(Functions.number(operand).negate());
    }

    /** Terraform's equality: by value, numbers by magnitude, where a value was written not mattering. */
    static boolean same(Value a, Value b) {
        if (a instanceof Value.Num x && b instanceof Value.Num y) {
            return x.number().compareTo(y.number()) == 0;
        }
        if (a instanceof Value.Str x && b instanceof Value.Str y) {
            return x.text().equals(y.text());
        }
        if (a instanceof Value.Tuple x && b instanceof Value.Tuple y) {
            if (x.items().size() != y.items().size()) {
                return false;
            }
            for (int i = 0; i < x.items().size(); i++) {
                if (!same(x.items().get(i), y.items().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Value.Obj x && b instanceof Value.Obj y) {
            if (!x.attributes().keySet().equals(y.attributes().keySet())) {
                return false;
            }
            return x.attributes().entrySet().stream().allMatch(e -> same(e.getValue(), y.get(e.getKey())));
        }
        return Objects.equals(a, b);
    }
}
