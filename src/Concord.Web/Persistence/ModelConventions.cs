using System.Text;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Concord.Web.Persistence;

/// <summary>
/// snake_case names for every table, column, key and index (raw SQL in the schema scripts,
/// search and bulk loading reads naturally on both providers), enums stored as their names,
/// and on PostgreSQL the "C" collation for codes so that range comparisons (data scope) are
/// plain byte order and use the index.
/// </summary>
internal static class ModelConventions
{
    public static void Apply(ModelBuilder builder, bool postgres)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            entity.SetTableName(Snake(entity.GetTableName()!.Replace("AspNet", "", StringComparison.Ordinal)));
            foreach (var property in entity.GetProperties())
            {
                Configure(property, Snake(property.Name), postgres);
            }

            foreach (var complex in entity.GetComplexProperties())
            {
                foreach (var property in complex.ComplexType.GetProperties())
                {
                    Configure(property, Snake(complex.Name) + "_" + Snake(property.Name), postgres);
                }
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(Snake(key.GetName()!));
            }

            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName(Snake(fk.GetConstraintName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(Snake(index.GetDatabaseName()!.Replace("AspNet", "", StringComparison.Ordinal)));
            }
        }
    }

    private static void Configure(IMutableProperty property, string column, bool postgres)
    {
        property.SetColumnName(column);
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (type.IsEnum)
        {
            property.SetProviderClrType(typeof(string));
            property.SetMaxLength(32);
        }

        if (postgres && type == typeof(string) && (column.EndsWith("code", StringComparison.Ordinal) || column == "code"))
        {
            property.SetCollation("C");
        }
    }

    public static string Snake(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
