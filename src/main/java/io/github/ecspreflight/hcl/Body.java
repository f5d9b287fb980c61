package io.github.ecspreflight.hcl;

import java.util.List;
import java.util.Optional;

/** The attributes and nested blocks of a file or block, in the order written. */
public record Body(List<Attribute> attributes, List<Block> blocks) {

    public Body {
        attributes = List.copyOf(attributes);
        blocks = List.copyOf(blocks);
    }

    /** {@code name = expr}; {@code span} covers the name. */
    public record Attribute(String name, Expr expr, Span span) {}

    /** {@code type "label" ... { body }}; {@code span} covers the type keyword, the block's first line. */
    public record Block(String type, List<String> labels, Body body, Span span) {

        public Block {
            labels = List.copyOf(labels);
        }

        public String label(int index) {
            return index < labels.size() ? labels.get(index) : null;
        }
    }

    public Optional<Attribute> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public List<Block> blocks(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }
}
