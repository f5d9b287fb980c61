package io.github.ecspreflight.hcl;

/**
 * Text that is not HCL. The message is one line, {@code FILE:LINE: HCL syntax error: what (column N)}, naming what was
 * expected and never echoing the text found (it may be a secret's value).
 */
public final class HclSyntaxException extends Exception {

    public HclSyntaxException(String message) {
        super(message);
    }
}
