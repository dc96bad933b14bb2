using System.Reflection;
using System.Reflection.Emit;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Architecture.Unit;

/// <summary>
/// Every type a compiled type uses: in its signatures (base type, interfaces, fields, properties, parameters, return
/// and local types, attributes) and in its method bodies (each type, method and field token in the IL). Reading the
/// compiled assembly rather than the source catches fully qualified names, global usings and Razor's generated code.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The types <paramref name="type"/> refers to, generic arguments and element types included.</summary>
    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        Add(found, type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(found, i);
        }

        AddAttributes(found, type.CustomAttributes);
        foreach (var field in type.GetFields(Declared))
        {
            Add(found, field.FieldType);
            AddAttributes(found, field.CustomAttributes);
        }

        foreach (var property in type.GetProperties(Declared))
        {
            Add(found, property.PropertyType);
            AddAttributes(found, property.CustomAttributes);
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            AddSignature(found, method);
            AddAttributes(found, method.CustomAttributes);
            AddBody(found, method);
        }

        return found;
    }

    private static void AddBody(HashSet<Type> found, MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            Add(found, local.LocalType);
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            if (opCode.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok)
            {
                AddMember(found, method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArgs, methodArgs));
            }

            at += OperandSize(opCode.OperandType, il, at);
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    private static void AddMember(HashSet<Type> found, MemberInfo? member)
    {
        switch (member)
        {
            case Type type:
                Add(found, type);
                break;
            case FieldInfo field:
                Add(found, field.DeclaringType);
                Add(found, field.FieldType);
                break;
            case MethodBase method:
                Add(found, method.DeclaringType);
                AddSignature(found, method);
                if (method.IsGenericMethod)
                {
                    foreach (var argument in method.GetGenericArguments())
                    {
                        Add(found, argument);
                    }
                }

                break;
        }
    }

    private static void AddSignature(HashSet<Type> found, MethodBase method)
    {
        if (method is MethodInfo info)
        {
            Add(found, info.ReturnType);
        }

        foreach (var parameter in method.GetParameters())
        {
            Add(found, parameter.ParameterType);
            AddAttributes(found, parameter.CustomAttributes);
        }
    }

    private static void AddAttributes(HashSet<Type> found, IEnumerable<CustomAttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            Add(found, attribute.AttributeType);
        }
    }

    private static void Add(HashSet<Type> found, Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            return;
        }

        if (type.HasElementType)
        {
            Add(found, type.GetElementType());
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            Add(found, type.GetGenericTypeDefinition());
            foreach (var argument in type.GetGenericArguments())
            {
                Add(found, argument);
            }

            return;
        }

        found.Add(type);
    }
}
