package io.segments.definition.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.definition.And;
import io.segments.definition.Definition;
import io.segments.definition.Node;
import io.segments.definition.Not;
import io.segments.definition.Or;
import io.segments.definition.People;
import io.segments.definition.json.DefinitionJson;
import io.segments.definition.json.ParsedDefinition;
import io.segments.schema.FieldCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.segments.definition.validation.Problems.child;

/**
 * A definition read from JSON and checked against a catalog, with the two ways of using it: a
 * preview skips incomplete conditions (reporting their pointers) and fails only on invalid ones;
 * saving refuses anything incomplete and a definition without a complete condition.
 */
public final class CheckedDefinition {
    private final Definition definition;
    private final List<Problem> problems;

    private CheckedDefinition(Definition definition, List<Problem> problems) {
        this.definition = definition;
        this.problems = List.copyOf(problems);
    }

    public static CheckedDefinition check(JsonNode json, FieldCatalog catalog) {
        ParsedDefinition parsed = DefinitionJson.parse(json);
        Problems problems = new Problems();
        problems.addAll(parsed.problems());
        problems.recordPositions(parsed.positions());
        parsed.definition().ifPresent(definition -> new DefinitionValidator(catalog).validate(definition, problems));
        return new CheckedDefinition(parsed.definition().orElse(null), problems.list());
    }

    public Optional<Definition> definition() {
        return Optional.ofNullable(definition);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Problems that stop a preview: everything except conditions not typed yet. */
    public List<Problem> previewErrors() {
        return problems.stream().filter(problem -> !problem.incomplete()).toList();
    }

    /** Problems that stop saving: every problem, and a definition with no complete condition. */
    public List<Problem> saveErrors() {
        List<Problem> errors = new ArrayList<>(problems);
        // A "where" that could not be read at all already has its own problem; only a definition
        // without any condition gets this one (one problem per pointer).
        boolean whereUnreadable = problems.stream()
                .anyMatch(problem -> problem.pointer().equals("/where") || problem.pointer().startsWith("/where/"));
        if (definition != null && definition.where() == null && !whereUnreadable) {
            errors.add(new Problem("/where", ProblemCode.NO_COMPLETE_CONDITION, "Add at least one condition before saving."));
        }
        return errors;
    }

    /**
     * The definition a preview evaluates: incomplete conditions removed, a group left without
     * children removed with them. Valid only when {@link #previewErrors()} is empty.
     */
    public Preview preview() {
        if (definition == null || !previewErrors().isEmpty()) {
            throw new IllegalStateException("the definition has errors: " + previewErrors());
        }
        List<String> ignored = new ArrayList<>();
        Node where = definition.where() == null ? null : prune(definition.where(), "/where", ignored);
        return new Preview(new Definition(definition.subject(), where), ignored);
    }

    /** A runnable definition and the pointers of the conditions it skipped. */
    public record Preview(Definition definition, List<String> ignored) {
        public Preview {
            ignored = List.copyOf(ignored);
        }
    }

    private Node prune(Node node, String pointer, List<String> ignored) {
        if (node instanceof And and) {
            List<Node> kept = pruneChildren(and.conditions(), pointer, ignored);
            return kept == null ? null : new And(kept);
        }
        if (node instanceof Or or) {
            List<Node> kept = pruneChildren(or.conditions(), pointer, ignored);
            return kept == null ? null : new Or(kept);
        }
        if (node instanceof Not not) {
            Node kept = not.condition() == null ? null : prune(not.condition(), child(pointer, "condition"), ignored);
            if (kept == null && not.condition() == null) {
                ignored.add(pointer);
            }
            return kept == null ? null : new Not(kept);
        }
        if (node instanceof People people) {
            Node where = people.where() == null ? null : prune(people.where(), child(pointer, "where"), ignored);
            return new People(people.atLeast(), where);
        }
        if (hasIncompleteProblemWithin(pointer)) {
            ignored.add(pointer);
            return null;
        }
        return node;
    }

    /** The children that remain, or null when none remain (the group is then dropped too). */
    private List<Node> pruneChildren(List<Node> children, String pointer, List<String> ignored) {
        if (children.isEmpty()) {
            ignored.add(pointer);
            return null;
        }
        List<Node> kept = new ArrayList<>();
        for (int index = 0; index < children.size(); index++) {
            Node child = prune(children.get(index), child(child(pointer, "conditions"), index), ignored);
            if (child != null) {
                kept.add(child);
            }
        }
        return kept.isEmpty() ? null : kept;
    }

    private boolean hasIncompleteProblemWithin(String pointer) {
        return problems.stream().anyMatch(problem -> problem.incomplete()
                && (problem.pointer().equals(pointer) || problem.pointer().startsWith(pointer + "/")));
    }
}
